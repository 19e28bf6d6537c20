package io.jetway.gateway;

import io.jetway.gateway.cache.RedisResponseCache;
import io.jetway.gateway.core.EnvNumbers;
import io.jetway.gateway.server.http.ServerLimits;
import java.time.Duration;
import java.util.Map;

/**
 * Process settings, from the environment.
 *
 * <table>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>HOST</td><td>127.0.0.1</td><td>address to listen on</td></tr>
 *   <tr><td>PORT</td><td>8787</td><td>port (Portkey's)</td></tr>
 *   <tr><td>TRUSTED_CUSTOM_HOSTS</td><td>none</td><td>hosts/IPs custom hosts may use although internal</td></tr>
 *   <tr><td>JETWAY_API_KEYS</td><td>none (open)</td><td>comma-separated gateway keys for x-portkey-api-key,
 *       each {@code id:key} or just {@code key} (id derived from the key's hash; see
 *       {@link io.jetway.gateway.pipeline.EnvApiKeys}): limits are set on the id</td></tr>
 *   <tr><td>JETWAY_UPSTREAM_TIMEOUT_MS</td><td>600000</td><td>gateway limit to first byte and between chunks (504)</td></tr>
 *   <tr><td>JETWAY_CONNECT_TIMEOUT_MS</td><td>10000</td><td>TCP/TLS connect limit</td></tr>
 *   <tr><td>JETWAY_MAX_BODY_BYTES</td><td>52428800</td><td>largest request body accepted</td></tr>
 *   <tr><td>JETWAY_REDIS_URL</td><td>none (in-process cache)</td><td>Redis for the response cache shared by all nodes,
 *       e.g. redis://127.0.0.1:6379/0</td></tr>
 *   <tr><td>JETWAY_REDIS_TIMEOUT_MS</td><td>50</td><td>Redis connect/read limit; past it the request is served
 *       from upstream</td></tr>
 *   <tr><td>JETWAY_CACHE_MAX_BYTES</td><td>268435456</td><td>size bound of the in-process response cache</td></tr>
 *   <tr><td>JETWAY_DATABASE_URL</td><td>jdbc:sqlite:./data/jetway.db</td><td>the store: SQLite file or PostgreSQL</td></tr>
 *   <tr><td>JETWAY_MASTER_KEY</td><td>generated next to a SQLite file</td><td>base64 of 32 bytes sealing provider secrets</td></tr>
 *   <tr><td>JETWAY_ADMIN_TOKEN</td><td>none (admin API and console off)</td><td>bearer token of the admin API, and
 *       the web console's login</td></tr>
 *   <tr><td>JETWAY_LOG_BODIES</td><td>false</td><td>{@code true}: the request log keeps request bodies and
 *       non-stream answers (64 KiB each at most); they may hold user data</td></tr>
 *   <tr><td>JETWAY_PRICES_FILE</td><td>none</td><td>a price table (the shipped {@code prices.json}'s format)
 *       whose entries extend or override the shipped one</td></tr>
 *   <tr><td>JETWAY_LIMITS_REDIS_FAILURE</td><td>open</td><td>with JETWAY_REDIS_URL, what the limit check does
 *       when Redis fails: {@code open} admits (counted in jetway_limit_redis_failures_total, logged once a
 *       minute), {@code closed} answers 503</td></tr>
 * </table>
 *
 * <p>The HTTP server's own limits ({@code JETWAY_HEADER_TIMEOUT_MS}, {@code JETWAY_MAX_CONNECTIONS}, …)
 * are {@link ServerLimits}'.
 *
 * <p>{@link #toString()} never shows the master key, the admin token or gateway keys.
 */
public record GatewaySettings(
        String host,
        int port,
        String trustedCustomHosts,
        io.jetway.gateway.pipeline.EnvApiKeys gatewayApiKeys,
        Duration upstreamTimeout,
        Duration connectTimeout,
        long maxBodyBytes,
        String redisUrl,
        Duration redisTimeout,
        long cacheMaxBytes,
        String databaseUrl,
        String masterKey,
        String adminToken,
        boolean logBodies,
        ServerLimits serverLimits,
        String pricesFile,
        boolean limitsFailClosed) {

    /** The largest timeout setting: one day (86,400,000 ms). */
    static final long MAX_TIMEOUT_MS = 86_400_000L;

    public static GatewaySettings fromEnv(Map<String, String> env) {
        return new GatewaySettings(
                env.getOrDefault("HOST", "127.0.0.1"),
                (int) number(env, "PORT", 8787, 0, 65535),
                env.get("TRUSTED_CUSTOM_HOSTS"),
                io.jetway.gateway.pipeline.EnvApiKeys.parse(env.get("JETWAY_API_KEYS")),
                // At most a day: a timeout is counted in nanoseconds, which overflow past 292 years.
                Duration.ofMillis(number(env, "JETWAY_UPSTREAM_TIMEOUT_MS", 600_000, 1, MAX_TIMEOUT_MS)),
                Duration.ofMillis(number(env, "JETWAY_CONNECT_TIMEOUT_MS", 10_000, 1, MAX_TIMEOUT_MS)),
                number(env, "JETWAY_MAX_BODY_BYTES", 50L * 1024 * 1024, 1024, Long.MAX_VALUE),
                redisUrl(env.get("JETWAY_REDIS_URL")),
                Duration.ofMillis(number(env, "JETWAY_REDIS_TIMEOUT_MS", 50, 1, 60_000)),
                number(env, "JETWAY_CACHE_MAX_BYTES", 256L * 1024 * 1024, 1024, Long.MAX_VALUE),
                blankToNull(env.get("JETWAY_DATABASE_URL")),
                blankToNull(env.get("JETWAY_MASTER_KEY")),
                blankToNull(env.get("JETWAY_ADMIN_TOKEN")),
                bool(env, "JETWAY_LOG_BODIES"),
                ServerLimits.fromEnv(
                        env, number(env, "JETWAY_MAX_BODY_BYTES", 50L * 1024 * 1024, 1024, Long.MAX_VALUE)),
                blankToNull(env.get("JETWAY_PRICES_FILE")),
                failClosed(env.get("JETWAY_LIMITS_REDIS_FAILURE")));
    }

    private static boolean failClosed(String v) {
        if (v == null || v.isBlank() || v.strip().equalsIgnoreCase("open")) {
            return false;
        }
        if (v.strip().equalsIgnoreCase("closed")) {
            return true;
        }
        throw new IllegalArgumentException("JETWAY_LIMITS_REDIS_FAILURE must be open or closed, not '" + v + "'");
    }

    private static String redisUrl(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        RedisResponseCache.checkUrl(v);
        return v.strip();
    }

    private static boolean bool(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank() || v.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (v.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException(name + " must be true or false, not '" + v + "'");
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Secrets (gateway keys, master key, admin token, a Redis URL that may hold a password) are never printed. */
    @Override
    public String toString() {
        return "GatewaySettings[" + host + ":" + port + ", gatewayApiKeys=" + gatewayApiKeys.size()
                + ", redis=" + (redisUrl == null ? "none" : "set")
                + ", database=" + (databaseUrl == null ? "default" : "set") + ", masterKey="
                + (masterKey == null ? "unset" : "set") + ", adminToken=" + (adminToken == null ? "unset" : "set")
                + ", logBodies=" + logBodies + "]";
    }

    /** The same settings listening elsewhere (tests use port 0). */
    public GatewaySettings withAddress(String host, int port) {
        return new GatewaySettings(
                host,
                port,
                trustedCustomHosts,
                gatewayApiKeys,
                upstreamTimeout,
                connectTimeout,
                maxBodyBytes,
                redisUrl,
                redisTimeout,
                cacheMaxBytes,
                databaseUrl,
                masterKey,
                adminToken,
                logBodies,
                serverLimits,
                pricesFile,
                limitsFailClosed);
    }

    /** The same settings with other HTTP server limits (tests use short timeouts). */
    public GatewaySettings withServerLimits(ServerLimits limits) {
        return new GatewaySettings(
                host,
                port,
                trustedCustomHosts,
                gatewayApiKeys,
                upstreamTimeout,
                connectTimeout,
                maxBodyBytes,
                redisUrl,
                redisTimeout,
                cacheMaxBytes,
                databaseUrl,
                masterKey,
                adminToken,
                logBodies,
                limits,
                pricesFile,
                limitsFailClosed);
    }

    private static long number(Map<String, String> env, String name, long fallback, long min, long max) {
        return EnvNumbers.number(env, name, fallback, min, max);
    }
}
