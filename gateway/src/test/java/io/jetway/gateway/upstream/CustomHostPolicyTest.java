package io.jetway.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.GatewayException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomHostPolicyTest {

    /** A resolver with fixed answers: no DNS in tests. */
    static CustomHostPolicy policy(Set<String> trusted, Map<String, String> dns) {
        return new CustomHostPolicy(trusted, host -> {
            String ip = dns.get(host);
            if (ip == null) {
                try {
                    return new InetAddress[] {InetAddress.getByName(host)}; // IP literals only
                } catch (UnknownHostException e) {
                    throw e;
                }
            }
            return new InetAddress[] {InetAddress.getByName(ip)};
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8080/v1",
                "http://10.1.2.3/v1",
                "http://192.168.0.10",
                "http://172.16.5.5",
                "http://169.254.169.254/latest",
                "http://100.64.1.1",
                "http://0.0.0.0:80",
                "http://[::1]:8080",
                "http://[fd00::1]/v1",
                "http://[::ffff:127.0.0.1]/v1"
            })
    void refusesInternalAddresses(String host) {
        assertThatThrownBy(() -> policy(Set.of(), Map.of()).check(host, "x-portkey-custom-host"))
                .isInstanceOf(GatewayException.class)
                .satisfies(e -> {
                    GatewayException g = (GatewayException) e;
                    assertThat(g.status()).isEqualTo(400);
                    assertThat(g.code()).isEqualTo("custom_host_refused");
                    assertThat(g.param()).isEqualTo("x-portkey-custom-host");
                });
    }

    @Test
    void refusesANameThatResolvesToAnInternalAddress() {
        CustomHostPolicy p = policy(Set.of(), Map.of("intranet.example.com", "10.0.0.7"));

        assertThatThrownBy(() -> p.check("https://intranet.example.com/v1", "h"))
                .hasMessageContaining("10.0.0.7")
                .hasMessageContaining("TRUSTED_CUSTOM_HOSTS");
    }

    @Test
    void allowsPublicHostsAndStripsTheTrailingSlash() {
        CustomHostPolicy p = policy(Set.of(), Map.of("api.example.com", "93.184.216.34"));

        assertThat(p.check("https://api.example.com/openai/v1/", "h").toString())
                .isEqualTo("https://api.example.com/openai/v1");
    }

    @Test
    void aTrustedHostIsAllowedOnAnyPortByNameOrByIp() {
        CustomHostPolicy byName = policy(Set.of("LLM.internal"), Map.of("llm.internal", "10.0.0.9"));
        CustomHostPolicy byIp = policy(Set.of("127.0.0.1"), Map.of("localhost", "127.0.0.1"));

        assertThat(byName.check("http://llm.internal:11434/v1", "h").getPort()).isEqualTo(11434);
        assertThat(byIp.check("http://localhost:9999", "h").getHost()).isEqualTo("localhost");
        assertThat(byIp.check("http://127.0.0.1:1234/v1", "h").getPort()).isEqualTo(1234);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://example.com",
                "example.com/v1",
                "https://user:pw@example.com",
                "https://example.com/v1?x=1",
                "http://exa mple.com"
            })
    void refusesUrlsThatAreNotPlainHttpBaseUrls(String host) {
        assertThatThrownBy(() ->
                        policy(Set.of(), Map.of("example.com", "93.184.216.34")).check(host, "h"))
                .isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(400))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
    }

    @Test
    void anUnresolvableHostIsABadRequest() {
        CustomHostPolicy p = new CustomHostPolicy(Set.of(), host -> {
            throw new UnknownHostException(host);
        });

        assertThatThrownBy(() -> p.check("https://nowhere.invalid", "h")).hasMessageContaining("does not resolve");
    }

    @Test
    void aRememberedHostIsStillResolvedAndCheckedOnEveryCall() {
        Map<String, String> dns = new java.util.HashMap<>(Map.of("api.example.com", "93.184.216.34"));
        CustomHostPolicy p = policy(Set.of(), dns);
        assertThat(p.check("https://api.example.com/v1", "h").toString()).isEqualTo("https://api.example.com/v1");

        dns.put("api.example.com", "10.0.0.9"); // the name now points inside

        assertThatThrownBy(() -> p.check("https://api.example.com/v1", "h")).hasMessageContaining("10.0.0.9");
    }

    @Test
    void theSameParamIsReportedForARememberedHostWhoseCheckFails() {
        CustomHostPolicy p = policy(Set.of(), Map.of());
        assertThatThrownBy(() -> p.check("http://127.0.0.1/v1", "first")).isInstanceOf(GatewayException.class);

        assertThatThrownBy(() -> p.check("http://127.0.0.1/v1", "config.targets[1].custom_host"))
                .satisfies(e -> assertThat(((GatewayException) e).param()).isEqualTo("config.targets[1].custom_host"));
    }

    @Test
    void manyDistinctHostsDoNotGrowTheMemoryWithoutBound() {
        CustomHostPolicy p = policy(Set.of("127.0.0.1"), Map.of());

        for (int port = 1; port <= CustomHostPolicy.MAX_REMEMBERED * 3; port++) {
            assertThat(p.check("http://127.0.0.1:" + port + "/v1", "h").getPort())
                    .isEqualTo(port);
        }
        assertThat(p.remembered()).isLessThanOrEqualTo(CustomHostPolicy.MAX_REMEMBERED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://[::127.0.0.1]/v1",
                "http://[::10.0.0.1]",
                "http://[64:ff9b::7f00:1]/v1",
                "http://[64:ff9b::a9fe:a9fe]/latest",
                "http://[64:ff9b:1::a00:1]",
                "http://[2002:7f00:1::]/v1",
                "http://[2002:a9fe:a9fe::1]",
                "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/v1"
            })
    void refusesIpv6AddressesThatCarryAnInternalIpv4Address(String host) {
        // IPv4-compatible, NAT64 (well-known and local-use), 6to4 and Teredo (client 127.0.0.1,
        // stored inverted): each reaches the IPv4 address inside it.
        assertThatThrownBy(() -> policy(Set.of(), Map.of()).check(host, "x-portkey-custom-host"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("custom_host_refused");
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "::ffff:8.8.8.8",
                "64:ff9b::808:808",
                "2002:808:808::1",
                "2001:0:4136:e378:8000:63bf:f7f7:f7f7",
                "2606:4700::1111"
            })
    void ipv6AddressesCarryingAPublicIpv4AddressArePublic(String address) throws Exception {
        assertThat(CustomHostPolicy.isInternal(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://0177.0.0.1/v1",
                "http://0x7f.1/v1",
                "http://127.1/v1",
                "http://2130706433/v1",
                "http://127.000.000.001:8080/v1",
                "http://0x7f000001",
                "http://127.0.0.1./v1",
                "http://10.0.0.012",
                "http://api.0x7f"
            })
    void refusesNumericHostsThatResolversReadDifferently(String host) {
        // 0177.0.0.1 is 177.0.0.1 to Java and 127.0.0.1 to inet_aton (octal); 127.1, 2130706433 and
        // 0x7f.1 are 127.0.0.1 to many resolvers. Refused even when trusted: no reading is the right one.
        CustomHostPolicy trusting = policy(Set.of("0177.0.0.1", "127.0.0.1"), Map.of());
        assertThatThrownBy(() -> trusting.check(host, "x-portkey-custom-host"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("custom_host_refused");
                    assertThat(e.param()).isEqualTo("x-portkey-custom-host");
                    assertThat(e.getMessage()).contains("four decimal numbers");
                });
    }

    @Test
    void aDottedQuadAndNamesWithDigitsAreNotAmbiguous() {
        CustomHostPolicy p = policy(
                Set.of(),
                Map.of(
                        "1e100.example.com",
                        "93.184.216.34",
                        "api2.example.com",
                        "93.184.216.34",
                        "0.0.0.0.example.com",
                        "93.184.216.34"));

        assertThat(p.check("http://93.184.216.34/v1", "h").getHost()).isEqualTo("93.184.216.34");
        assertThat(p.check("http://0.0.0.0.example.com", "h").getHost()).isEqualTo("0.0.0.0.example.com");
        assertThat(p.check("https://1e100.example.com/v1", "h").getHost()).isEqualTo("1e100.example.com");
        assertThat(p.check("https://api2.example.com/v1", "h").getHost()).isEqualTo("api2.example.com");
    }
}
