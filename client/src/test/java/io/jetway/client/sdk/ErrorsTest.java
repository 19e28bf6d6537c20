package io.jetway.client.sdk;

import static io.jetway.client.sdk.ClientTestSupport.client;
import static io.jetway.client.sdk.ClientTestSupport.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.client.sdk.ClientTestSupport.FakeTime;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    final FakeGateway gw = new FakeGateway();
    final FakeTime time = new FakeTime();
    final JetwayClient client = client(gw, time).maxRetries(0).build();

    @AfterEach
    void close() {
        gw.close();
    }

    static String error(String message, String type, String code, String param) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"code\":\"" + code
                + "\",\"param\":\"" + param + "\"}}";
    }

    @Test
    void eachErrorStatusBecomesItsOwnExceptionWithTypeCodeParamAndTraceId() {
        Map<Integer, Class<? extends JetwayServiceException>> expected = Map.of(
                400,
                BadRequestException.class,
                401,
                AuthenticationException.class,
                403,
                PermissionDeniedException.class,
                404,
                NotFoundException.class,
                408,
                RequestTimeoutException.class,
                409,
                ConflictException.class,
                422,
                UnprocessableEntityException.class,
                429,
                RateLimitException.class,
                503,
                InternalServerException.class,
                418,
                UnexpectedStatusCodeException.class);
        expected.forEach((status, type) -> {
            gw.enqueue(FakeGateway.json(
                    status,
                    error("bad temperature", "invalid_request_error", "out_of_range", "temperature"),
                    "x-portkey-trace-id",
                    "trace-" + status));
            assertThatThrownBy(() -> client.chat(hello()))
                    .isExactlyInstanceOf(type)
                    .isInstanceOf(JetwayServiceException.class)
                    .hasMessageContaining("bad temperature")
                    .hasMessageContaining("trace-" + status)
                    .satisfies(e -> {
                        JetwayServiceException s = (JetwayServiceException) e;
                        assertThat(s.status()).isEqualTo(status);
                        assertThat(s.errorMessage()).isEqualTo("bad temperature");
                        assertThat(s.type()).isEqualTo("invalid_request_error");
                        assertThat(s.code()).isEqualTo("out_of_range");
                        assertThat(s.param()).isEqualTo("temperature");
                        assertThat(s.traceId()).isEqualTo("trace-" + status);
                        assertThat(s.headers().firstValue("content-type")).hasValue("application/json");
                    });
        });
    }

    @Test
    void anErrorBodyThatIsNotJsonKeepsItsTextAndTheParseErrorAsCause() {
        gw.enqueue(FakeGateway.json(502, "<html>Bad Gateway</html>"));

        assertThatThrownBy(() -> client.chat(hello()))
                .isInstanceOf(InternalServerException.class)
                .hasMessageContaining("<html>Bad Gateway</html>")
                .hasCauseInstanceOf(JetwayInvalidDataException.class);
    }

    @Test
    void aRefusedConnectionIsAnIoExceptionWithItsCause() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        JetwayClient nowhere = JetwayClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .maxRetries(0)
                .build();

        assertThatThrownBy(() -> nowhere.chat(hello()))
                .isExactlyInstanceOf(JetwayIoException.class)
                .hasCauseInstanceOf(ConnectException.class)
                .hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void anAnswerThatIsNotJsonIsInvalidDataWithTheParseErrorAsCause() {
        gw.enqueue(FakeGateway.json(200, "{\"id\": \"cut here"));

        assertThatThrownBy(() -> client.chat(hello()))
                .isInstanceOf(JetwayInvalidDataException.class)
                .hasMessageContaining("not JSON")
                .hasCauseInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class)
                .satisfies(
                        e -> assertThat(((JetwayInvalidDataException) e).body()).isEqualTo("{\"id\": \"cut here"));
    }

    @Test
    void aStreamsErrorEventIsAStreamExceptionWithTypeCodeAndTraceId() {
        gw.enqueue(FakeGateway.sse(
                false,
                FakeGateway.chunk("{\"content\":\"Hel\"}", null),
                "{\"error\":{\"message\":\"upstream overloaded\",\"type\":\"server_error\",\"code\":\"overloaded\"}}"));

        try (ChatCompletionChunkStream chunks = client.chatStream(hello())) {
            assertThat(chunks.next().text()).isEqualTo("Hel");
            assertThatThrownBy(chunks::hasNext)
                    .isInstanceOf(JetwayStreamException.class)
                    .hasMessageContaining("upstream overloaded")
                    .satisfies(e -> {
                        JetwayStreamException s = (JetwayStreamException) e;
                        assertThat(s.type()).isEqualTo("server_error");
                        assertThat(s.code()).isEqualTo("overloaded");
                        assertThat(s.traceId()).isEqualTo("trace-stream");
                    });
        }
    }

    @Test
    void aStreamEndingBeforeDoneIsAStreamException() {
        gw.enqueue(FakeGateway.sse(false, FakeGateway.chunk("{\"content\":\"Hel\"}", null)));

        try (ChatCompletionChunkStream chunks = client.chatStream(hello())) {
            assertThatThrownBy(() -> chunks.forEachRemaining(c -> {}))
                    .isInstanceOf(JetwayStreamException.class)
                    .satisfies(
                            e -> assertThat(((JetwayStreamException) e).type()).isEqualTo("stream_truncated"));
        }
    }

    @Test
    void aStreamRefusedBeforeItStartsThrowsTheStatusException() {
        gw.enqueue(
                FakeGateway.json(401, error("Incorrect API key", "invalid_request_error", "invalid_api_key", "null")));

        assertThatThrownBy(() -> client.chatStream(hello()))
                .isInstanceOf(AuthenticationException.class)
                .satisfies(e -> assertThat(((JetwayServiceException) e).code()).isEqualTo("invalid_api_key"));
    }
}
