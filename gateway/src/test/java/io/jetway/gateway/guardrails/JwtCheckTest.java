package io.jetway.gateway.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.jetway.gateway.config.ConfigParser;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.testing.MutableClock;
import io.jetway.gateway.upstream.CustomHostPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Portkey's {@code default.jwt} against a JWKS served over a real socket, with key pairs made here.
 * Golden: Portkey's examples (default.test.ts, "jwt handler") whose expectations its source meets
 * (missing JWKS URI, an unreachable JWKS); the others there use a jwt.io HS256 token against
 * Google's live JWKS and expect a {@code payload} that jwt.ts never returns, so they cannot pass on Portkey either.
 */
class JwtCheckTest {

    static KeyPair rsa;
    static KeyPair rsaOther;
    static KeyPair ec;

    final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    final AtomicInteger fetches = new AtomicInteger();
    volatile String jwksBody;
    volatile int jwksStatus = 200;
    HttpServer server;
    String jwksUri;
    Outbound outbound;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        rsa = r.generateKeyPair();
        rsaOther = r.generateKeyPair();
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(new ECGenParameterSpec("secp256r1"));
        ec = e.generateKeyPair();
    }

    @BeforeEach
    void serveJwks() throws IOException {
        jwksBody = jwks(rsaJwk("rsa-1", rsa, "RS256"), ecJwk("ec-1", ec)).toString();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = jwksBody.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(jwksStatus, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        jwksUri = "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
        outbound = new Outbound(
                null,
                new CustomHostPolicy(Set.of("127.0.0.1"), InetAddress::getAllByName),
                Duration.ofSeconds(2),
                clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    // --- tokens and keys made here ---

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64(String json) {
        return b64(json.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    static byte[] fixed(BigInteger n, int len) {
        byte[] b = unsigned(n);
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, len - b.length, b.length);
        return out;
    }

    static ObjectNode rsaJwk(String kid, KeyPair pair, String alg) {
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        ObjectNode k = Json.MAPPER.createObjectNode();
        k.put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", alg);
        k.put("n", b64(unsigned(pub.getModulus()))).put("e", b64(unsigned(pub.getPublicExponent())));
        return k;
    }

    static ObjectNode ecJwk(String kid, KeyPair pair) {
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        ObjectNode k = Json.MAPPER.createObjectNode();
        k.put("kty", "EC").put("kid", kid).put("crv", "P-256").put("alg", "ES256");
        k.put("x", b64(fixed(pub.getW().getAffineX(), 32)))
                .put("y", b64(fixed(pub.getW().getAffineY(), 32)));
        return k;
    }

    static ObjectNode jwks(ObjectNode... keys) {
        ObjectNode set = Json.MAPPER.createObjectNode();
        ArrayNode arr = set.putArray("keys");
        Arrays.stream(keys).forEach(arr::add);
        return set;
    }

    /** A compact token with this header and claims, signed by {@code key} with the JDK algorithm {@code jdkAlg}. */
    static String token(String header, String claims, PrivateKey key, String jdkAlg) throws Exception {
        String signed = b64(header) + "." + b64(claims);
        Signature s = Signature.getInstance(jdkAlg);
        s.initSign(key);
        s.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + b64(s.sign());
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    String rs256(String claims) throws Exception {
        return token(
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}", claims, rsa.getPrivate(), "SHA256withRSA");
    }

    String fresh() {
        return "{\"sub\":\"user-1\",\"iat\":" + (now() - 60) + ",\"exp\":" + (now() + 3600) + "}";
    }

    CheckResult run(Map<String, String> headers, String parameters) {
        HookContext c = new HookContext(Golden.request("gpt-4o-mini", "hi"), Map.of(), "openai", false);
        c.outbound(outbound);
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        c.requestHeaders(lower::get);
        return Checks.find("default.jwt").run(c, Event.BEFORE_REQUEST, Golden.params(parameters));
    }

    CheckResult bearer(String token) {
        return run(Map.of("Authorization", "Bearer " + token), "{\"jwksUri\":\"" + jwksUri + "\"}");
    }

    static void assertFails(CheckResult r, String explanation) {
        assertThat(r.verdict()).isFalse();
        assertThat(r.error()).isNull();
        Golden.assertData(r, "{\"verdict\":false,\"explanation\":" + Json.MAPPER.valueToTree(explanation) + "}");
    }

    // --- verdicts ---

    @Test
    void anRs256TokenSignedByTheJwksKeyPasses() throws Exception {
        CheckResult r = bearer(rs256(fresh()));

        assertThat(r.verdict()).isTrue();
        assertThat(r.error()).isNull();
        Golden.assertData(r, "{\"verdict\":true,\"explanation\":\"JWT token validation succeeded\"}");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void anEs256TokenSignedByTheJwksKeyPasses() throws Exception {
        String t =
                token("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", fresh(), ec.getPrivate(), "SHA256withECDSAinP1363Format");

        assertThat(bearer(t).verdict()).isTrue();
    }

    @Test
    void anExpiredTokenFailsWithJosesMessage() throws Exception {
        String expired = "{\"iat\":" + (now() - 600) + ",\"exp\":" + (now() - 10) + "}";

        assertFails(bearer(rs256(expired)), "JWT validation error: \"exp\" claim timestamp check failed");
    }

    @Test
    void aTokenExpiredWithinTheClockToleranceStillPasses() throws Exception {
        String justExpired = "{\"iat\":" + (now() - 600) + ",\"exp\":" + (now() - 3) + "}";

        assertThat(bearer(rs256(justExpired)).verdict()).isTrue();
        assertThat(run(
                                Map.of("Authorization", "Bearer " + rs256(justExpired)),
                                "{\"jwksUri\":\"" + jwksUri + "\",\"clockTolerance\":1}")
                        .verdict())
                .isFalse();
    }

    @Test
    void aTokenOlderThanMaxTokenAgeFails() throws Exception {
        String old = "{\"iat\":" + (now() - 7200) + "}";

        assertThat(bearer(rs256(old)).verdict()).isTrue();
        assertFails(
                run(
                        Map.of("Authorization", "Bearer " + rs256(old)),
                        "{\"jwksUri\":\"" + jwksUri + "\",\"maxTokenAge\":\"1h\"}"),
                "JWT validation error: \"iat\" claim timestamp check failed (too far in the past)");
    }

    @Test
    void aTokenNotYetValidFails() throws Exception {
        String later = "{\"iat\":" + now() + ",\"nbf\":" + (now() + 600) + "}";

        assertFails(bearer(rs256(later)), "JWT validation error: \"nbf\" claim timestamp check failed");
    }

    @Test
    void aTokenWithATamperedPayloadFailsItsSignature() throws Exception {
        String[] parts = rs256(fresh()).split("\\.");
        String forged = parts[0] + "." + b64("{\"sub\":\"admin\",\"iat\":" + now() + "}") + "." + parts[2];

        assertFails(bearer(forged), "JWT validation error: signature verification failed");
    }

    @Test
    void aTokenSignedByAnotherKeyWithTheSameKidFails() throws Exception {
        String t = token("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", fresh(), rsaOther.getPrivate(), "SHA256withRSA");

        assertFails(bearer(t), "JWT validation error: signature verification failed");
    }

    @Test
    void aTokenWhoseAlgIsNotItsKeysFailsAsJoseRefusesIt() throws Exception {
        String rs384 = token("{\"alg\":\"RS384\",\"kid\":\"rsa-1\"}", fresh(), rsa.getPrivate(), "SHA384withRSA");
        String es = token(
                "{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}", fresh(), ec.getPrivate(), "SHA256withECDSAinP1363Format");
        String hs = b64("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}") + "." + b64(fresh()) + "." + b64("sig");
        String none = b64("{\"alg\":\"none\",\"kid\":\"rsa-1\"}") + "." + b64(fresh()) + ".";

        assertFails(
                bearer(rs384),
                "JWT validation error: CryptoKey does not support this operation, its "
                        + "algorithm.hash must be SHA-384");
        assertFails(
                bearer(es),
                "JWT validation error: CryptoKey does not support this operation, its "
                        + "algorithm.name must be ECDSA");
        assertFails(
                bearer(hs),
                "JWT validation error: CryptoKey does not support this operation, its "
                        + "algorithm.name must be HMAC");
        assertFails(bearer(none), "JWT validation error: CryptoKey does not support this operation");
    }

    @Test
    void aMissingHeaderFailsWithPortkeysExplanationAndNoError() {
        CheckResult r = run(Map.of(), "{\"jwksUri\":\"" + jwksUri + "\"}");

        assertFails(r, "Missing authorization header");
        assertThat(fetches).hasValue(0);
    }

    @Test
    void theTokenIsReadFromTheNamedHeaderInAnyCaseWithOrWithoutBearer() throws Exception {
        String t = rs256(fresh());

        assertThat(run(Map.of("X-Custom-Auth", t), "{\"jwksUri\":\"" + jwksUri + "\",\"headerKey\":\"x-custom-auth\"}")
                        .verdict())
                .isTrue();
        assertThat(run(
                                Map.of("x-custom-auth", "bearer  " + t),
                                "{\"jwksUri\":\"" + jwksUri + "\",\"headerKey\":\"X-Custom-Auth\"}")
                        .verdict())
                .isTrue();
        assertFails(
                run(
                        Map.of("Authorization", "Bearer " + t),
                        "{\"jwksUri\":\"" + jwksUri + "\",\"headerKey\":\"X-Custom-Auth\"}"),
                "Missing authorization header");
    }

    @Test
    void goldenAMissingJwksUriIsTheChecksError() {
        CheckResult r = run(Map.of("Authorization", "Bearer valid.token.here"), "{}");

        assertThat(r.error()).isNotNull();
        assertThat(r.error().get("message").asText()).isEqualTo("Missing JWKS URI");
        Golden.assertData(r, "{\"verdict\":false,\"explanation\":\"JWT validation error: Missing JWKS URI\"}");
    }

    @Test
    void goldenAJwksThatCannotBeFetchedIsTheChecksError() {
        jwksStatus = 404;

        CheckResult r = run(Map.of("Authorization", "Bearer valid.token.here"), "{\"jwksUri\":\"" + jwksUri + "\"}");

        assertThat(r.verdict()).isFalse();
        assertThat(r.error()).isNotNull();
        assertThat(r.data().get("explanation").asText())
                .isEqualTo("JWT validation error: Failed to fetch JWKS from " + jwksUri);
    }

    @Test
    void goldenAHeaderThatIsNotAJwtIsTheChecksError() {
        CheckResult r = run(Map.of("Authorization", "InvalidFormat"), "{\"jwksUri\":\"" + jwksUri + "\"}");

        assertThat(r.verdict()).isFalse();
        assertThat(r.error()).isNotNull();
        assertThat(r.data().get("explanation").asText())
                .isEqualTo("JWT validation error: the JWT header is not base64url-encoded JSON");
    }

    @Test
    void anUnknownKidFailsAndFetchesTheJwksAgainAtMostOncePerCooldown() throws Exception {
        String t = token("{\"alg\":\"RS256\",\"kid\":\"unknown\"}", fresh(), rsa.getPrivate(), "SHA256withRSA");

        assertFails(bearer(t), "No matching key found for kid");
        assertFails(bearer(t), "No matching key found for kid");
        assertThat(fetches).hasValue(1);

        clock.advance(Jwks.REFETCH_COOLDOWN);
        assertFails(bearer(t), "No matching key found for kid");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aRotatedKeyIsFoundByFetchingTheJwksAgain() throws Exception {
        assertThat(bearer(rs256(fresh())).verdict()).isTrue();
        jwksBody = jwks(rsaJwk("rsa-2", rsaOther, "RS256")).toString();
        clock.advance(Duration.ofMinutes(5));
        String rotated =
                token("{\"alg\":\"RS256\",\"kid\":\"rsa-2\"}", fresh(), rsaOther.getPrivate(), "SHA256withRSA");

        assertThat(bearer(rotated).verdict()).isTrue();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void theJwksIsCachedForCacheMaxAgeOnTheInjectedClock() throws Exception {
        String params = "{\"jwksUri\":\"" + jwksUri + "\",\"cacheMaxAge\":600}";
        String t = rs256(fresh());

        assertThat(run(Map.of("Authorization", "Bearer " + t), params).verdict())
                .isTrue();
        clock.advance(Duration.ofSeconds(599));
        assertThat(run(Map.of("Authorization", "Bearer " + t), params).verdict())
                .isTrue();
        assertThat(fetches).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(run(Map.of("Authorization", "Bearer " + t), params).verdict())
                .isTrue();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aJwksOnAnInternalAddressIsTheCallersMistakeAndIsNeverFetched() {
        outbound = new Outbound(
                null, new CustomHostPolicy(Set.of(), InetAddress::getAllByName), Duration.ofSeconds(2), clock);

        assertThatThrownBy(() -> bearer("a.b.c"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(fetches).hasValue(0);
    }

    @Test
    void aConfigWithTheJwtCheckLoadsAndBadParametersAreA400() {
        Hooks hooks = ConfigParser.parse("""
                {"provider":"openai","before_request_hooks":[{"type":"guardrail","id":"auth","deny":true,
                 "checks":[{"id":"default.jwt","parameters":{"jwksUri":"https://idp.example.com/jwks.json",
                 "headerKey":"x-user-token","cacheMaxAge":3600,"clockTolerance":10,"maxTokenAge":"12h"}}]}]}""").settings().hooks();
        assertThat(hooks.before().getFirst().checks().getFirst().id()).isEqualTo("default.jwt");

        List<String> problems = Golden.validate(
                "default.jwt",
                "{\"jwksUri\":\"file:///etc/passwd\",\"maxTokenAge\":\"forever\",\"cacheMaxAge\":\"1h\"}");
        assertThat(String.join("\n", problems))
                .contains("jwksUri must be an absolute http(s) URL")
                .contains("maxTokenAge must be a time period")
                .contains("cacheMaxAge must be a number of seconds");
    }

    @Test
    void josesTimePeriodsAreReadAsJoseReadsThem() {
        assertThat(Jws.seconds("1d")).isEqualTo(86400L);
        assertThat(Jws.seconds("2 hours")).isEqualTo(7200L);
        assertThat(Jws.seconds("1.5m")).isEqualTo(90L);
        assertThat(Jws.seconds("30s")).isEqualTo(30L);
        assertThat(Jws.seconds("1 week ago")).isEqualTo(-604800L);
        assertThat(Jws.seconds("soon")).isNull();
    }
}
