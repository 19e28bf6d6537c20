package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Portkey's {@code jwt} check (plugins/default/jwt.ts): verifies the token in the request header
 * {@code headerKey} (default {@code Authorization}, a leading {@code Bearer } dropped) against the key
 * of its {@code kid} in the JWKS at {@code jwksUri}, with jose's rules ({@link Jws}): the signature,
 * {@code exp}/{@code nbf} within {@code clockTolerance} seconds (default 5), and {@code iat} no older
 * than {@code maxTokenAge} (default {@code 1d}). The JWKS is cached for {@code cacheMaxAge} seconds
 * (default 86400) and fetched again when the {@code kid} is not in it (a rotated key).
 *
 * <p>Verdicts and {@code data} are Portkey's: {@code {verdict, explanation}}, with
 * {@code "JWT validation error: <jose's message>"} when the token does not verify, an {@code error}
 * when the JWKS cannot be had or its key cannot be imported. Portkey reads the header by its exact
 * name from a map of lower-case names; here it is read in any case, as HTTP means.
 *
 * <p>The JWKS is fetched through {@link Outbound}: the SSRF guard (an internal address is the
 * caller's 400), a timeout of at most {@link WebhookCheck#DEFAULT_TIMEOUT_MS} ms, no caller header
 * and no credential. The token itself never leaves the gateway nor appears in a result.
 */
final class JwtCheck implements CheckFunction {

    static final long DEFAULT_CACHE_MAX_AGE = 86400;
    static final long DEFAULT_CLOCK_TOLERANCE = 5;
    static final String DEFAULT_MAX_TOKEN_AGE = "1d";

    private JwtCheck() {}

    static void register(Map<String, CheckFunction> registry) {
        registry.put("default.jwt", new JwtCheck());
    }

    @Override
    public void validate(ObjectNode parameters, String path, List<String> problems) {
        String uri = Params.text(parameters, "jwksUri");
        if (parameters.has("jwksUri")
                && !parameters.get("jwksUri").isNull()
                && (uri == null || !(uri.startsWith("http://") || uri.startsWith("https://")))) {
            problems.add(path + ".parameters.jwksUri must be an absolute http(s) URL");
        }
        JsonNode key = parameters.get("headerKey");
        if (key != null && !key.isNull() && !key.isTextual()) {
            problems.add(path + ".parameters.headerKey must be a header name, e.g. \"Authorization\"");
        }
        for (String name : List.of("cacheMaxAge", "clockTolerance")) {
            JsonNode v = parameters.get(name);
            if (v != null && !v.isNull() && !(v.isNumber() && v.asDouble() >= 0)) {
                problems.add(path + ".parameters." + name + " must be a number of seconds");
            }
        }
        JsonNode age = parameters.get("maxTokenAge");
        if (age != null
                && !age.isNull()
                && !(age.isTextual() && (age.asText().isEmpty() || Jws.seconds(age.asText()) != null))) {
            problems.add(path + ".parameters.maxTokenAge must be a time period such as \"1d\", \"12h\", \"30m\" "
                    + "or \"90s\"");
        }
    }

    @Override
    public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
        String headerKey =
                Params.truthy(parameters, "headerKey") ? Params.text(parameters, "headerKey") : "Authorization";
        String jwksUri = Params.truthy(parameters, "jwksUri") ? Params.text(parameters, "jwksUri") : null;
        if (jwksUri == null) {
            return error("Missing JWKS URI");
        }
        String authHeader = context.requestHeader(headerKey);
        if (authHeader == null || authHeader.isEmpty()) {
            return CheckResult.of(false, data(false, "Missing authorization header"));
        }
        String token = withoutBearer(authHeader).strip();
        long maxAge = Params.truthy(parameters, "cacheMaxAge")
                ? Math.max(1, parameters.get("cacheMaxAge").asLong())
                : DEFAULT_CACHE_MAX_AGE;
        long tolerance = Params.truthy(parameters, "clockTolerance")
                ? parameters.get("clockTolerance").asLong()
                : DEFAULT_CLOCK_TOLERANCE;
        String period = Params.truthy(parameters, "maxTokenAge")
                ? Params.text(parameters, "maxTokenAge")
                : DEFAULT_MAX_TOKEN_AGE;
        Outbound outbound = context.outbound();
        if (outbound == null) {
            return error("Failed to fetch JWKS from " + jwksUri);
        }
        Jwks cache = outbound.jwks();
        // An internal address is the caller's 400 (GatewayException), before any call, as for a webhook.
        URI target = outbound.hosts().check(jwksUri, "x-portkey-config");
        Duration timeout = Duration.ofMillis(
                Math.min(WebhookCheck.DEFAULT_TIMEOUT_MS, outbound.maxTimeout().toMillis()));
        JsonNode jwks = cache.cached(jwksUri);
        Jws.Key key;
        try {
            if (jwks == null) {
                jwks = cache.fetch(jwksUri, target, maxAge, timeout);
            }
            try {
                key = matchingKey(token, jwks);
                if (key == null && !cache.fetchedRecently(jwksUri)) {
                    jwks = cache.fetch(jwksUri, target, maxAge, timeout);
                    key = matchingKey(token, jwks);
                }
            } catch (Jws.Invalid e) {
                return error(e.getMessage());
            }
        } catch (Jwks.FetchFailed e) {
            return error(e.getMessage());
        }
        if (key == null) {
            return CheckResult.of(false, data(false, "No matching key found for kid"));
        }
        Long maxTokenAge = Jws.seconds(period);
        try {
            if (maxTokenAge == null) {
                throw new Jws.Invalid("Invalid time period format");
            }
            Jws.verify(token, key, Math.floorDiv(cache.clock().millis(), 1000), tolerance, maxTokenAge);
        } catch (Jws.Invalid e) {
            return CheckResult.of(false, data(false, "JWT validation error: " + e.getMessage()));
        }
        return CheckResult.of(true, data(true, "JWT token validation succeeded"));
    }

    /** Portkey's {@code getMatchingKey}: the JWK whose {@code kid} is the token header's, imported; null if none. */
    private static Jws.Key matchingKey(String token, JsonNode jwks) throws Jws.Invalid {
        JsonNode header = Jws.header(token);
        if (header == null || !header.isObject()) {
            throw new Jws.Invalid("the JWT header is not a JSON object");
        }
        JsonNode kid = header.get("kid");
        if (kid == null
                || kid.isNull()
                || (kid.isTextual() && kid.asText().isEmpty())
                || (kid.isBoolean() && !kid.asBoolean())
                || (kid.isNumber() && kid.asDouble() == 0)) {
            return null;
        }
        for (JsonNode jwk : jwks.path("keys")) {
            if (kid.equals(jwk.get("kid"))) {
                return Jws.importJwk(jwk);
            }
        }
        return null;
    }

    /** {@code authHeader.replace(/^Bearer\s+/i, '')}. */
    private static String withoutBearer(String header) {
        if (header.length() > 6
                && header.regionMatches(true, 0, "Bearer", 0, 6)
                && Character.isWhitespace(header.charAt(6))) {
            int i = 6;
            while (i < header.length() && Character.isWhitespace(header.charAt(i))) {
                i++;
            }
            return header.substring(i);
        }
        return header;
    }

    private static ObjectNode data(boolean verdict, String explanation) {
        ObjectNode data = Params.object();
        data.put("verdict", verdict);
        data.put("explanation", explanation);
        return data;
    }

    private static CheckResult error(String message) {
        return CheckResult.error(message, data(false, "JWT validation error: " + message));
    }
}
