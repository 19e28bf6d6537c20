package io.jetway.gateway.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.testing.MutableClock;
import io.jetway.gateway.upstream.CustomHostPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JWT exchange against a local fake token endpoint (a JDK HTTP server) with a test key pair. */
class ServiceAccountTokenSourceTest {

    private static KeyPair keys;
    private static KeyPair otherKeys;

    private HttpServer server;
    private final ConcurrentLinkedQueue<String> forms = new ConcurrentLinkedQueue<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile int status = 200;
    private volatile String errorBody;
    private volatile long delayMillis;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private HttpClient http;

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        otherKeys = generator.generateKeyPair();
    }

    @BeforeEach
    void startTokenEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", exchange -> {
            forms.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = (status == 200
                            ? "{\"access_token\":\"ya29.token-" + issued.incrementAndGet() + "\",\"expires_in\":3599,"
                                    + "\"token_type\":\"Bearer\"}"
                            : errorBody)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.close();
    }

    private String tokenUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    private ServiceAccountTokenSource source(Set<String> trusted) {
        return new ServiceAccountTokenSource(
                () -> http, Duration.ofSeconds(5), new CustomHostPolicy(trusted, InetAddress::getAllByName), clock);
    }

    private ServiceAccountTokenSource trustingLoopback() {
        return source(Set.of("127.0.0.1"));
    }

    static String pem(KeyPair pair) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    /** A key file as Google issues it. */
    static String keyFile(KeyPair pair, String tokenUri) {
        ObjectNode json = Json.MAPPER
                .createObjectNode()
                .put("type", "service_account")
                .put("project_id", "sa-project")
                .put("private_key_id", "0123456789abcdef")
                .put("private_key", pem(pair))
                .put("client_email", "gateway@sa-project.iam.gserviceaccount.com")
                .put("client_id", "112233445566778899")
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
                .put("token_uri", tokenUri);
        return json.toString();
    }

    private ServiceAccount account(KeyPair pair) {
        return ServiceAccount.parse(keyFile(pair, tokenUri()));
    }

    private static Map<String, String> formFields(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static JsonNode jwtPart(String part) throws IOException {
        return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(part));
    }

    @Test
    void exchangesAnRs256JwtSignedWithTheAccountsKeyForAnAccessToken() throws Exception {
        String token = trustingLoopback().accessToken(account(keys));

        assertThat(token).isEqualTo("ya29.token-1");
        assertThat(forms).hasSize(1);
        Map<String, String> form = formFields(forms.peek());
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        String[] jwt = form.get("assertion").split("\\.");
        assertThat(jwt).hasSize(3);

        assertThat(jwtPart(jwt[0]))
                .isEqualTo(Json.MAPPER.readTree("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"0123456789abcdef\"}"));
        long iat = clock.instant().getEpochSecond();
        assertThat(jwtPart(jwt[1]))
                .isEqualTo(Json.MAPPER.readTree("{\"iss\":\"gateway@sa-project.iam.gserviceaccount.com\","
                        + "\"scope\":\"https://www.googleapis.com/auth/cloud-platform\",\"aud\":\"" + tokenUri() + "\","
                        + "\"iat\":" + iat + ",\"exp\":" + (iat + 3600) + "}"));

        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(keys.getPublic());
        rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(jwt[2])))
                .as("signature verifies with the public key")
                .isTrue();

        Signature wrong = Signature.getInstance("SHA256withRSA");
        wrong.initVerify(otherKeys.getPublic());
        wrong.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(wrong.verify(Base64.getUrlDecoder().decode(jwt[2]))).isFalse();
    }

    @Test
    void cachesTheTokenUntilFiveMinutesBeforeItExpires() {
        ServiceAccountTokenSource source = trustingLoopback();
        ServiceAccount account = account(keys);
        assertThat(source.accessToken(account)).isEqualTo("ya29.token-1");
        clock.advance(Duration.ofSeconds(3599)
                .minus(ServiceAccountTokenSource.REFRESH_MARGIN)
                .minusSeconds(1));
        assertThat(source.accessToken(account)).isEqualTo("ya29.token-1");
        assertThat(forms).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(source.accessToken(account)).isEqualTo("ya29.token-2");
        assertThat(forms).hasSize(2);
    }

    @Test
    void neverHandsACachedTokenToAKeyFileWithTheSameEmailButAnotherKey() {
        ServiceAccountTokenSource source = trustingLoopback();
        assertThat(source.accessToken(account(keys))).isEqualTo("ya29.token-1");
        assertThat(source.accessToken(account(otherKeys))).isEqualTo("ya29.token-2");
        assertThat(forms).hasSize(2);
    }

    @Test
    void letsConcurrentRequestsForOneAccountShareOneExchange() throws Exception {
        ServiceAccountTokenSource source = trustingLoopback();
        ServiceAccount account = account(keys);
        delayMillis = 200;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return source.accessToken(account);
                }));
            }
            start.countDown();
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo("ya29.token-1");
            }
        }
        assertThat(forms).hasSize(1);
    }

    @Test
    void reportsCredentialsGoogleRefusesAsAnAuthenticationErrorAndCachesNothing() {
        status = 400;
        errorBody = "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}";
        ServiceAccountTokenSource source = trustingLoopback();
        assertThatThrownBy(() -> source.accessToken(account(keys)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.type()).isEqualTo(GatewayException.AUTHENTICATION);
                    assertThat(e.param()).isEqualTo(ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON.header());
                    assertThat(e.getMessage())
                            .contains("invalid_grant: Invalid JWT Signature.")
                            .doesNotContain("PRIVATE KEY")
                            .doesNotContain("eyJ");
                });
        status = 200;
        assertThat(source.accessToken(account(keys))).isEqualTo("ya29.token-1");
        assertThat(forms).hasSize(2);
    }

    @Test
    void reportsATokenEndpointFailureAsABadGateway() {
        status = 503;
        errorBody = "";
        assertThatThrownBy(() -> trustingLoopback().accessToken(account(keys)))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void reportsAnUnreachableTokenEndpointAsABadGateway() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ServiceAccount account = ServiceAccount.parse(keyFile(keys, "http://127.0.0.1:" + closedPort + "/token"));
        assertThatThrownBy(() -> trustingLoopback().accessToken(account))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("vertex_token_unreachable");
                });
    }

    @Test
    void refusesPlainHttpTokenUrisToHostsNotListedAsTrusted() {
        ServiceAccountTokenSource source =
                new ServiceAccountTokenSource(
                        () -> http,
                        Duration.ofSeconds(5),
                        new CustomHostPolicy(Set.of(), host -> new InetAddress[] {
                            InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34})
                        }),
                        clock);
        ServiceAccount account = ServiceAccount.parse(keyFile(keys, "http://tokens.example.com/token"));
        assertThatThrownBy(() -> source.accessToken(account)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("https");
        });
        assertThat(forms).isEmpty();
    }

    @Test
    void refusesTokenUrisOnInternalAddressesEvenOverHttps() {
        ServiceAccount account = ServiceAccount.parse(keyFile(keys, "https://127.0.0.1:1/token"));
        assertThatThrownBy(() -> source(Set.of()).accessToken(account))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("custom_host_refused"));
    }

    @Test
    void refusesAPrivateKeyThatIsNotAnRsaKeyWithoutEchoingIt() {
        String file = keyFile(keys, tokenUri())
                .replaceAll(
                        "-----BEGIN PRIVATE KEY-----\\\\n[A-Za-z0-9+/]{10}",
                        "-----BEGIN PRIVATE KEY-----\\\\nSECRETPART");
        ServiceAccount account = ServiceAccount.parse(file);
        assertThatThrownBy(() -> trustingLoopback().accessToken(account))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("PKCS#8").doesNotContain("SECRETPART");
                });
        assertThat(forms).isEmpty();
    }

    @Test
    void vertexCallsCarryTheExchangedTokenAndTheAccountsProject() {
        VertexProvider provider = new VertexProvider(trustingLoopback());
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON, keyFile(keys, tokenUri()));
        options.put(ProviderOption.VERTEX_REGION, "europe-west4");
        Target target = new Target("vertex-ai", null, null, null, options, null, Map.of(), true);
        ChatRequest request = new RequestParser(Json.MAPPER)
                .parse(
                        "application/json",
                        "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                                .getBytes(StandardCharsets.UTF_8));
        ProviderRequest prepared = provider.translate(new ProviderCall(request, target, "t", clock.instant()))
                .request();
        assertThat(prepared.headers()).containsEntry("authorization", "Bearer ya29.token-1");
        assertThat(prepared.uri().toString())
                .isEqualTo(
                        "https://europe-west4-aiplatform.googleapis.com/v1/projects/"
                                + "sa-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent");
    }
}
