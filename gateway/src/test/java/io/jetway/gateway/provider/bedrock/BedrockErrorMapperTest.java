package io.jetway.gateway.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.ErrorBodies;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** AWS error answers (documented error types, x-amzn-errortype, __type) → OpenAI errors with the right status. */
class BedrockErrorMapperTest {

    @TestFactory
    Stream<DynamicTest> mapsEachAwsErrorToTheOpenAiShapeWithItsStatus() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : BedrockFixtures.json("error/errors.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                byte[] body = c.has("bodyText")
                        ? c.get("bodyText").asText().getBytes(StandardCharsets.UTF_8)
                        : Json.MAPPER.writeValueAsBytes(c.get("body"));
                GatewayException e = new BedrockProvider(BedrockFixtures.STUB_IMAGES)
                        .mapError(
                                null,
                                c.get("status").asInt(),
                                body,
                                name -> c.get("headers").has(name)
                                        ? c.get("headers").get(name).asText()
                                        : null);
                assertThat(e.status()).isEqualTo(c.get("expected").get("status").asInt());
                JsonNode expected = Json.MAPPER
                        .createObjectNode()
                        .set("error", c.get("expected").get("error"));
                assertThat(Json.MAPPER.readTree(ErrorBodies.json(e))).isEqualTo(expected);
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(9);
        return tests.stream();
    }

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
