package io.jetway.gateway.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * AWS errors beyond the documented error answers, which run as conformance cases
 * ({@code conformance/bedrock/error-*}: error types, x-amzn-errortype, __type, a body that is not JSON).
 */
class BedrockErrorMapperTest {

    @Test
    void mapsStreamExceptionEventsToStatusesByType() {
        byte[] payload =
                "{\"message\":\"Too many tokens, please wait before trying again.\"}".getBytes(StandardCharsets.UTF_8);
        GatewayException throttled = BedrockErrorMapper.fromStreamException("throttlingException", payload);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.code()).isEqualTo("ThrottlingException");
        assertThat(throttled.getMessage()).isEqualTo("Too many tokens, please wait before trying again.");
        assertThat(BedrockErrorMapper.fromStreamException("validationException", payload)
                        .status())
                .isEqualTo(400);
        assertThat(BedrockErrorMapper.fromStreamException("serviceUnavailableException", payload)
                        .status())
                .isEqualTo(503);
        assertThat(BedrockErrorMapper.fromStreamException("internalServerException", payload)
                        .status())
                .isEqualTo(500);
        assertThat(BedrockErrorMapper.fromStreamException("modelStreamErrorException", payload)
                        .status())
                .isEqualTo(424);
        assertThat(BedrockErrorMapper.fromStreamException("somethingNewException", new byte[0])
                        .status())
                .isEqualTo(502);
    }
}
