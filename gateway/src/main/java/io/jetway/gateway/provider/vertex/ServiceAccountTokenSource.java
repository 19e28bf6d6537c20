package io.jetway.gateway.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.upstream.CustomHostPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Exchanges a service account's signed JWT ({@link ServiceAccountJwt}) for an access token at the
 * account's {@code token_uri}
 * ({@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=…},
 * https://developers.google.com/identity/protocols/oauth2/service-account#httprest) and caches
 * the token until {@link #REFRESH_MARGIN} before it expires. Thread-safe; concurrent requests for
 * the same account wait for one exchange.
 *
 * <p><b>Cache key.</b> Not the account's e-mail alone: a caller who knows someone else's
 * {@code client_email} could then send a key file with that e-mail and any key and be handed the
 * other caller's cached token. The key is a SHA-256 of e-mail, private key and token URI, so only
 * a caller holding the same key gets the cached token.
 *
 * <p><b>Token URI guard.</b> The URI comes from the caller's JSON, so it is checked like a custom
 * host ({@link CustomHostPolicy}: no internal addresses unless listed in
 * {@code TRUSTED_CUSTOM_HOSTS}) and must be https, except for hosts listed there (local fakes).
 */
public final class ServiceAccountTokenSource implements VertexTokenSource {

    /** Tokens are renewed this long before they expire. */
    public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private static final String PARAM = ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON.header();
    private static final int MAX_CACHED = 10_000;

    private final Supplier<HttpClient> http;
    private final Duration timeout;
    private final CustomHostPolicy hosts;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    private record Cached(String token, Instant refreshAt) {
        @Override
        public String toString() {
            return "Cached[refreshAt=" + refreshAt + "]";
        }
    }

    /**
     * @param http    the HTTP client for token exchanges (obtained on first use)
     * @param timeout limit on each exchange
     * @param hosts   the custom host policy guarding token URIs
     * @param clock   for {@code iat} and expiry
     */
    public ServiceAccountTokenSource(Supplier<HttpClient> http, Duration timeout, CustomHostPolicy hosts, Clock clock) {
        this.http = http;
        this.timeout = timeout;
        this.hosts = hosts;
        this.clock = clock;
    }

    /**
     * The production source: a JDK HTTP client created on first use, the trusted hosts of
     * {@code TRUSTED_CUSTOM_HOSTS} from the environment (where the gateway's settings come from too).
     */
    public static ServiceAccountTokenSource create(CustomHostPolicy hosts, Clock clock) {
        Supplier<HttpClient> client = new Supplier<>() {
            private volatile HttpClient instance;

            @Override
            public HttpClient get() {
                HttpClient c = instance;
                if (c == null) {
                    synchronized (this) {
                        c = instance;
                        if (c == null) {
                            c = HttpClient.newBuilder()
                                    .version(HttpClient.Version.HTTP_1_1)
                                    .connectTimeout(Duration.ofSeconds(10))
                                    .followRedirects(HttpClient.Redirect.NEVER)
                                    .build();
                            instance = c;
                        }
                    }
                }
                return c;
            }
        };
        return new ServiceAccountTokenSource(client, Duration.ofSeconds(30), hosts, clock);
    }

    @Override
    public String accessToken(ServiceAccount account) {
        String key = cacheKey(account);
        Cached cached = cache.get(key);
        if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
            return cached.token();
        }
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            cached = cache.get(key);
            if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
                return cached.token();
            }
            Cached fresh = exchange(account);
            if (cache.size() >= MAX_CACHED) {
                evictExpired();
            }
            cache.put(key, fresh);
            return fresh.token();
        } finally {
            lock.unlock();
        }
    }

    private Cached exchange(ServiceAccount account) {
        URI tokenUri = checkedTokenUri(account.tokenUri());
        Instant issued = clock.instant();
        String assertion = ServiceAccountJwt.sign(account, issued.getEpochSecond());
        String form =
                "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                        + "&assertion=" + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(timeout)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        String where = tokenUri.getHost();
        HttpResponse<byte[]> response;
        try {
            response = http.get().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new GatewayException(
                    504,
                    GatewayException.TIMEOUT,
                    "The service account token endpoint at " + where + " did not answer within " + timeout.toMillis()
                            + " ms.",
                    PARAM,
                    "vertex_token_timeout");
        } catch (ConnectException e) {
            throw new GatewayException(
                    502,
                    GatewayException.UPSTREAM,
                    "Could not connect to the service account " + "token endpoint at " + where + ".",
                    PARAM,
                    "vertex_token_unreachable");
        } catch (IOException e) {
            throw new GatewayException(
                    502,
                    GatewayException.UPSTREAM,
                    "The exchange with the service account token " + "endpoint at " + where + " failed: "
                            + e.getClass().getSimpleName() + ".",
                    PARAM,
                    "vertex_token_unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(
                    502,
                    GatewayException.UPSTREAM,
                    "Interrupted while getting a Vertex access " + "token.",
                    PARAM,
                    "vertex_token_unreachable");
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            // Google's OAuth error shape: {"error":"invalid_grant","error_description":"Invalid JWT Signature."}
            String error = body == null ? null : body.path("error").asText(null);
            String description =
                    body == null ? null : body.path("error_description").asText(null);
            String detail = error == null ? "HTTP " + status : error + (description == null ? "" : ": " + description);
            if (status >= 500) {
                throw new GatewayException(
                        502,
                        GatewayException.UPSTREAM,
                        "The service account token endpoint at " + where + " failed (" + detail + ").",
                        PARAM,
                        "vertex_token_exchange_failed");
            }
            throw new GatewayException(
                    401,
                    GatewayException.AUTHENTICATION,
                    "The service account token endpoint at " + where + " refused the credentials of "
                            + account.clientEmail() + " (" + detail + ").",
                    PARAM,
                    "vertex_token_exchange_failed");
        }
        String token = body == null ? null : body.path("access_token").asText(null);
        if (token == null || token.isEmpty()) {
            throw new GatewayException(
                    502,
                    GatewayException.UPSTREAM,
                    "The service account token endpoint at " + where + " answered without an access_token.",
                    PARAM,
                    "vertex_token_exchange_failed");
        }
        long expiresIn = body.path("expires_in").asLong(ServiceAccountJwt.LIFETIME_SECONDS);
        return new Cached(token, issued.plusSeconds(expiresIn).minus(REFRESH_MARGIN));
    }

    /** The token URI, if it passes the custom host policy and is https (or its host is trusted). */
    URI checkedTokenUri(String tokenUri) {
        URI uri = hosts.check(tokenUri, PARAM);
        if (!"https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) && !hosts.trusts(uri.getHost())) {
            throw GatewayException.invalidRequest(
                    "The service account's token_uri must be an https URL (plain http "
                            + "only to hosts listed in TRUSTED_CUSTOM_HOSTS).",
                    PARAM);
        }
        return uri;
    }

    private void evictExpired() {
        Instant now = clock.instant();
        cache.entrySet().removeIf(e -> !now.isBefore(e.getValue().refreshAt()));
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        locks.keySet().retainAll(cache.keySet());
    }

    private static String cacheKey(ServiceAccount account) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {account.clientEmail(), account.privateKeyPem(), account.tokenUri()}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "ServiceAccountTokenSource[" + cache.size() + " cached]";
    }
}
