package io.jetway.gateway.limits;

import io.jetway.gateway.cache.RedisClient;
import io.jetway.gateway.cache.RedisResponseCache;
import io.jetway.gateway.core.GatewayException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters in Redis, shared by every node using it: each check is one Lua script (atomic on
 * the server, one round trip), and so is each settlement.
 *
 * <p>When Redis fails (unreachable, slow past the timeout, an error), the request is admitted
 * (fail-open, the default: counted by {@code onFailure}, logged at most once a minute) or answered
 * 503 (fail-closed). A failed settlement is only counted and logged. All keys of one check go
 * into one script, so a Redis Cluster would need them in one slot: Jetway supports a single Redis
 * (with replicas) for limits.
 */
public final class RedisCounters implements Counters {

    private static final System.Logger LOG = System.getLogger(RedisCounters.class.getName());

    /** KEYS: the counters; ARGV: limit, amount, ttl (ms) per counter. Answers {admitted, refused (1-based), values…}. */
    static final String ADMIT = """
            local n = #KEYS
            local values = {}
            local refused = 0
            for i = 1, n do
              local v = tonumber(redis.call('GET', KEYS[i]) or '0')
              values[i] = v
              if refused == 0 and v >= tonumber(ARGV[3 * i - 2]) then refused = i end
            end
            local out = {0, refused}
            if refused == 0 then
              out[1] = 1
              for i = 1, n do
                local amount = tonumber(ARGV[3 * i - 1])
                local v = redis.call('INCRBY', KEYS[i], amount)
                if v == amount then redis.call('PEXPIRE', KEYS[i], ARGV[3 * i]) end
                values[i] = v
              end
            end
            for i = 1, n do out[i + 2] = values[i] end
            return out
            """;

    /** KEYS: the counters; ARGV: a delta per counter. Counters that expired stay gone; none goes below 0. */
    static final String ADJUST = """
            for i = 1, #KEYS do
              if redis.call('EXISTS', KEYS[i]) == 1 then
                local v = redis.call('INCRBY', KEYS[i], ARGV[i])
                if v < 0 then redis.call('SET', KEYS[i], 0, 'KEEPTTL') end
              end
            end
            return 0
            """;

    private static final byte[] ADMIT_SCRIPT = ADMIT.getBytes(StandardCharsets.UTF_8);
    private static final byte[] ADMIT_SHA = sha1(ADMIT_SCRIPT);
    private static final byte[] ADJUST_SCRIPT = ADJUST.getBytes(StandardCharsets.UTF_8);
    private static final byte[] ADJUST_SHA = sha1(ADJUST_SCRIPT);

    private final RedisClient redis;
    private final boolean failClosed;
    private final Runnable onFailure;
    private final Clock clock;
    private final String where;
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param url        a {@code JETWAY_REDIS_URL}
     * @param failClosed whether a Redis failure refuses the request (503) instead of admitting it
     * @param onFailure  called once per failed Redis call (a metric)
     */
    public RedisCounters(String url, Duration timeout, boolean failClosed, Runnable onFailure, Clock clock) {
        RedisResponseCache.checkUrl(url);
        RedisClient.Endpoint endpoint = RedisClient.Endpoint.of(URI.create(url.strip()));
        this.redis =
                new RedisClient(endpoint, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())), 4096);
        this.failClosed = failClosed;
        this.onFailure = onFailure;
        this.clock = clock;
        this.where = endpoint.toString();
    }

    @Override
    public Outcome admit(List<Counter> counters) {
        List<byte[]> keys = new ArrayList<>(counters.size());
        List<byte[]> args = new ArrayList<>(3 * counters.size());
        for (Counter c : counters) {
            keys.add(c.key().getBytes(StandardCharsets.UTF_8));
            args.add(ascii(c.limit()));
            args.add(ascii(c.amount()));
            args.add(ascii(c.ttlMillis()));
        }
        long[] reply;
        try {
            reply = redis.call(c -> c.evalIntegers(ADMIT_SHA, ADMIT_SCRIPT, keys, args));
            if (reply.length != counters.size() + 2) {
                throw new IOException(
                        "the limit script answered " + reply.length + " values for " + counters.size() + " counters");
            }
        } catch (IOException e) {
            failed("check", e);
            if (failClosed) {
                throw new GatewayException(
                        503,
                        GatewayException.SERVER,
                        "The gateway cannot check its rate limits " + "now (its Redis is unavailable); retry shortly.",
                        null,
                        "limits_unavailable");
            }
            return new Outcome(true, -1, new long[counters.size()]);
        }
        long[] values = new long[counters.size()];
        System.arraycopy(reply, 2, values, 0, values.length);
        return new Outcome(reply[0] == 1, (int) reply[1] - 1, values);
    }

    @Override
    public void adjust(List<Counter> counters, long[] deltas) {
        List<byte[]> keys = new ArrayList<>(counters.size());
        List<byte[]> args = new ArrayList<>(counters.size());
        for (int i = 0; i < counters.size(); i++) {
            keys.add(counters.get(i).key().getBytes(StandardCharsets.UTF_8));
            args.add(ascii(deltas[i]));
        }
        try {
            redis.call(c -> c.evalIntegers(ADJUST_SHA, ADJUST_SCRIPT, keys, args));
        } catch (IOException e) {
            failed("settlement", e);
        }
    }

    private void failed(String what, IOException e) {
        onFailure.run();
        long now = clock.millis();
        long last = lastLogged.get();
        if (now - last >= 60_000 && lastLogged.compareAndSet(last, now)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "rate limits: the " + what + " failed on " + where + " ("
                            + e.getMessage() + "); requests are "
                            + (failClosed ? "refused (503)" : "admitted uncounted")
                            + " while it fails (logged at most once a minute)");
        }
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] sha1(byte[] script) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(script))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is unavailable in this JVM", e);
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
