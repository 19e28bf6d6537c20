package io.jetway.gateway.provider.google;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GeminiToolCallIdsTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void derivesTheSameIdForTheSameRequestChoiceAndIndex() {
        assertThat(GeminiToolCallIds.generate("trace", T, 0, 1))
                .isEqualTo(GeminiToolCallIds.generate("trace", T, 0, 1))
                .matches("call_[0-9a-f]{24}_1");
    }

    @Test
    void derivesDifferentIdsForOtherRequestsChoicesAndIndexes() {
        String base = GeminiToolCallIds.generate("trace", T, 0, 0);
        assertThat(GeminiToolCallIds.generate("trace", T, 0, 1)).isNotEqualTo(base);
        assertThat(GeminiToolCallIds.generate("trace", T, 1, 0)).isNotEqualTo(base);
        assertThat(GeminiToolCallIds.generate("other", T, 0, 0)).isNotEqualTo(base);
        // The same caller-chosen trace id on a later request.
        assertThat(GeminiToolCallIds.generate("trace", T.plusMillis(1), 0, 0)).isNotEqualTo(base);
    }

    @Test
    void carriesAThoughtSignatureThroughTheId() {
        String id = GeminiToolCallIds.withSignature("call_x", "CiQBVKhc/+==");
        assertThat(id).isEqualTo("call_x__thought__CiQBVKhc/+==");
        assertThat(GeminiToolCallIds.signatureOf(id)).isEqualTo("CiQBVKhc/+==");
        assertThat(GeminiToolCallIds.withSignature("call_x", null)).isEqualTo("call_x");
        assertThat(GeminiToolCallIds.signatureOf("call_x")).isNull();
        assertThat(GeminiToolCallIds.signatureOf("toolu_01A")).isNull();
    }
}
