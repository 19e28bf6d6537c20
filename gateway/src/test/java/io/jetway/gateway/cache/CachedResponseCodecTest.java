package io.jetway.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedResponseCodecTest {

    static final Instant AT = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void aCompleteAnswerSurvivesTheRoundTrip() {
        CachedResponse.Complete in =
                new CachedResponse.Complete(200, "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8), AT);

        CachedResponse.Complete out =
                (CachedResponse.Complete) CachedResponseCodec.decode(CachedResponseCodec.encode(in));

        assertThat(out.status()).isEqualTo(200);
        assertThat(out.body()).isEqualTo(in.body());
        assertThat(out.expiresAt()).isEqualTo(AT);
    }

    @Test
    void aStreamSurvivesTheRoundTripPayloadForPayloadNonAsciiIncluded() {
        CachedResponse.Stream in = new CachedResponse.Stream(201, List.of("{\"c\":\"héllo ✓\"}", "", "{\"c\":2}"), AT);

        CachedResponse out = CachedResponseCodec.decode(CachedResponseCodec.encode(in));

        assertThat(out).isEqualTo(in);
    }

    @Test
    void foreignTruncatedOrPaddedBytesAreRefused() {
        byte[] good = CachedResponseCodec.encode(new CachedResponse.Stream(200, List.of("{\"c\":1}"), AT));

        assertThatThrownBy(() -> CachedResponseCodec.decode("{\"json\":true}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Jetway cache entry");
        assertThatThrownBy(() -> CachedResponseCodec.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> CachedResponseCodec.decode(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing");
    }
}
