package io.jetway.contract.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.FakeUpstream;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.bedrock.HttpImageFetcher;
import io.jetway.gateway.provider.bedrock.ImageFetcher;
import io.jetway.gateway.upstream.CustomHostPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The image fetcher against a local HTTP server: size limit, media types, redirects and the SSRF guard. */
class HttpImageFetcherTest {

    private static final byte[] PNG = Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgAAAAAgAB5Sfe/AAAAABJRU5ErkJggg==");
    private static final CustomHostPolicy TRUSTING_LOCALHOST =
            new CustomHostPolicy(Set.of("127.0.0.1"), InetAddress::getAllByName);
    private static FakeUpstream server;

    @BeforeAll
    static void start() {
        server = FakeUpstream.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    @Test
    void fetchesAnImageWithItsMediaType() {
        server.enqueue(FakeResponse.bytes(200, "image/png", PNG));
        ImageFetcher.Image image = new HttpImageFetcher(TRUSTING_LOCALHOST, 10_000)
                .fetch(server.url("/cat.png?size=small"), "messages[0].content[0].image_url.url");
        assertThat(image.bytes()).isEqualTo(PNG);
        assertThat(image.mediaType()).isEqualTo("image/png");
        assertThat(server.takeRequest().path()).isEqualTo("/cat.png?size=small");
    }

    @Test
    void sniffsTheTypeWhenTheServerSaysOctetStream() {
        server.enqueue(FakeResponse.bytes(200, "application/octet-stream", PNG));
        assertThat(new HttpImageFetcher(TRUSTING_LOCALHOST, 10_000)
                        .fetch(server.url("/x"), "p")
                        .mediaType())
                .isEqualTo("image/png");
    }

    @Test
    void refusesInternalAddressesThatAreNotTrusted() {
        CustomHostPolicy strict = new CustomHostPolicy(Set.of(), InetAddress::getAllByName);
        assertThatThrownBy(() -> new HttpImageFetcher(strict, 10_000).fetch(server.url("/cat.png"), "the.param"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("custom_host_refused");
                    assertThat(e.param()).isEqualTo("the.param");
                });
        assertThat(server.requestCount()).as("nothing was fetched").isZero();
    }

    @Test
    void refusesImagesLargerThanTheLimit() {
        server.enqueue(FakeResponse.bytes(200, "image/png", new byte[5000]));
        assertThatThrownBy(() -> new HttpImageFetcher(TRUSTING_LOCALHOST, 4096).fetch(server.url("/big.png"), "p"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("image_too_large"));
    }

    @Test
    void refusesAnswersThatAreNotImages() {
        server.enqueue(FakeResponse.bytes(200, "text/html", "<html></html>".getBytes()));
        assertThatThrownBy(() -> new HttpImageFetcher(TRUSTING_LOCALHOST, 4096).fetch(server.url("/page"), "p"))
                .isInstanceOfSatisfying(
                        GatewayException.class,
                        e -> assertThat(e.getMessage()).contains("is not a png, jpeg, gif or webp image"));
        server.enqueue(FakeResponse.json(404, "{}"));
        assertThatThrownBy(() -> new HttpImageFetcher(TRUSTING_LOCALHOST, 4096).fetch(server.url("/gone"), "p"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.getMessage()).contains("HTTP 404"));
    }

    @Test
    void checksEveryRedirectHopAgainstTheGuard() {
        server.enqueue(FakeResponse.bytes(302, "text/plain", new byte[0]).header("location", "/real.png"));
        server.enqueue(FakeResponse.bytes(200, "image/png", PNG));
        assertThat(new HttpImageFetcher(TRUSTING_LOCALHOST, 10_000)
                        .fetch(server.url("/moved"), "p")
                        .bytes())
                .isEqualTo(PNG);

        server.enqueue(FakeResponse.bytes(302, "text/plain", new byte[0])
                .header("location", "http://169.254.169.254/latest/meta-data/"));
        assertThatThrownBy(() -> new HttpImageFetcher(TRUSTING_LOCALHOST, 10_000).fetch(server.url("/evil"), "p"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("custom_host_refused"));
    }

    @Test
    void refusesNonHttpUrls() {
        assertThatThrownBy(() ->
                        new HttpImageFetcher(TRUSTING_LOCALHOST, 10_000).fetch(URI.create("file:///etc/passwd"), "p"))
                .isInstanceOf(GatewayException.class);
    }

    @Test
    void refusesNumericHostsResolversReadDifferentlyAndIpv6AddressesLeadingInside() {
        // The same classification as custom hosts: 127.1 and 2130706433 are 127.0.0.1 to most
        // resolvers, refused even though 127.0.0.1 is trusted; NAT64 and 6to4 lead to the IPv4 inside.
        CustomHostPolicy strict = new CustomHostPolicy(Set.of(), InetAddress::getAllByName);
        for (String url : new String[] {
            "http://127.1:" + server.port() + "/cat.png",
            "http://2130706433:" + server.port() + "/cat.png",
            "http://0177.0.0.1/cat.png"
        }) {
            assertThatThrownBy(() -> new HttpImageFetcher(TRUSTING_LOCALHOST, 10_000).fetch(URI.create(url), "p"))
                    .isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.code()).isEqualTo("custom_host_refused");
                        assertThat(e.getMessage()).contains("four decimal numbers");
                    });
        }
        for (String url : new String[] {
            "http://[64:ff9b::7f00:1]:" + server.port() + "/cat.png", "http://[2002:a9fe:a9fe::]/latest/meta-data/"
        }) {
            assertThatThrownBy(() -> new HttpImageFetcher(strict, 10_000).fetch(URI.create(url), "p"))
                    .isInstanceOfSatisfying(
                            GatewayException.class, e -> assertThat(e.code()).isEqualTo("custom_host_refused"));
        }
        assertThat(server.requestCount()).as("nothing was fetched").isZero();
    }
}
