package io.jetway.gateway.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The gateway's errors in Anthropic's shape (https://docs.claude.com/en/api/errors). */
class MessagesErrorsTest {

    private static GatewayException error(int status, String type) {
        return new GatewayException(status, type, "what happened", "param", "code");
    }

    @Test
    void eachStatusGetsAnthropicsErrorTypeForIt() {
        assertThat(MessagesErrors.type(error(400, GatewayException.INVALID_REQUEST)))
                .isEqualTo("invalid_request_error");
        assertThat(MessagesErrors.type(error(401, GatewayException.AUTHENTICATION)))
                .isEqualTo("authentication_error");
        assertThat(MessagesErrors.type(error(403, "guardrail"))).isEqualTo("permission_error");
        assertThat(MessagesErrors.type(error(404, GatewayException.NOT_FOUND))).isEqualTo("not_found_error");
        assertThat(MessagesErrors.type(error(413, GatewayException.INVALID_REQUEST)))
                .isEqualTo("request_too_large");
        assertThat(MessagesErrors.type(error(413, "x"))).isEqualTo("request_too_large");
        assertThat(MessagesErrors.type(error(429, "requests"))).isEqualTo("rate_limit_error");
        assertThat(MessagesErrors.type(error(504, GatewayException.TIMEOUT))).isEqualTo("timeout_error");
        assertThat(MessagesErrors.type(error(502, GatewayException.UPSTREAM))).isEqualTo("api_error");
        assertThat(MessagesErrors.type(error(422, "unprocessable"))).isEqualTo("invalid_request_error");
    }

    @Test
    void anOverloadIsA529AsAnthropicAnswersIt() {
        GatewayException overloaded = error(503, "overloaded_error");

        assertThat(MessagesErrors.status(overloaded)).isEqualTo(529);
        assertThat(MessagesErrors.type(overloaded)).isEqualTo("overloaded_error");
        assertThat(MessagesErrors.status(error(503, GatewayException.UPSTREAM))).isEqualTo(503);
    }

    @Test
    void theBodyAndTheStreamsErrorEventAreAnthropicsShape() {
        GatewayException e = error(429, "rate_limit_error");

        assertThat(new String(MessagesErrors.json(e), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"what happened\"}}");
        assertThat(new String(MessagesErrors.event(e), StandardCharsets.UTF_8))
                .isEqualTo(
                        "event: error\ndata: "
                                + "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"what happened\"}}\n\n");
    }
}
