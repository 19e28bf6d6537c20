package io.jetway.contract.support;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The real Redis the end-to-end tests use: {@code JETWAY_TEST_REDIS_URL} (that {@code .ci/run}
 * starts and exports, e.g. {@code redis://127.0.0.1:6379/15}). In CI ({@code CI} set) a missing
 * server fails the test; locally the test is skipped with a message saying how to run it.
 */
public final class TestRedis {

    private TestRedis() {}

    public static String url() {
        String url = System.getenv("JETWAY_TEST_REDIS_URL");
        if (url == null || url.isBlank()) {
            String why = "JETWAY_TEST_REDIS_URL is not set: start redis-server and export "
                    + "JETWAY_TEST_REDIS_URL=redis://127.0.0.1:6379/15 to run the Redis tests";
            if (System.getenv("CI") != null) {
                fail(why + " (.ci/run does this; in CI these tests must run)");
            }
            Assumptions.abort(why);
        }
        return url;
    }
}
