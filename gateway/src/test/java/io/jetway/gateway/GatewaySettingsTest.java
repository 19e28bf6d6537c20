package io.jetway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewaySettingsTest {

    @Test
    void theCacheIsInProcessBoundedTo256MiBUnlessRedisIsSet() {
        GatewaySettings s = GatewaySettings.fromEnv(Map.of());

        assertThat(s.redisUrl()).isNull();
        assertThat(s.cacheMaxBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(s.redisTimeout()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void readsTheRedisSettings() {
        GatewaySettings s = GatewaySettings.fromEnv(Map.of(
                "JETWAY_REDIS_URL",
                " redis://127.0.0.1:6379/3 ",
                "JETWAY_REDIS_TIMEOUT_MS",
                "20",
                "JETWAY_CACHE_MAX_BYTES",
                "1048576"));

        assertThat(s.redisUrl()).isEqualTo("redis://127.0.0.1:6379/3");
        assertThat(s.redisTimeout()).isEqualTo(Duration.ofMillis(20));
        assertThat(s.cacheMaxBytes()).isEqualTo(1_048_576);
    }

    @Test
    void aBadRedisUrlStopsStartupWithoutEchoingItsPassword() {
        assertThatThrownBy(() -> GatewaySettings.fromEnv(Map.of("JETWAY_REDIS_URL", "http://u:s3cret@host:6379")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JETWAY_REDIS_URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void printingTheSettingsShowsNeitherGatewayKeysNorTheRedisPassword() {
        GatewaySettings s = GatewaySettings.fromEnv(
                Map.of("JETWAY_API_KEYS", "gw-secret", "JETWAY_REDIS_URL", "redis://u:s3cret@127.0.0.1:6379/0"));

        assertThat(s.toString()).doesNotContain("s3cret").doesNotContain("gw-secret");
    }
}
