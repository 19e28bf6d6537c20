package io.jetway.client.sdk;

import static io.jetway.client.sdk.ClientTestSupport.client;
import static io.jetway.client.sdk.ClientTestSupport.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.client.sdk.ClientTestSupport.FakeTime;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryTest {

    final FakeGateway gw = new FakeGateway();
    final FakeTime time = new FakeTime();

    @AfterEach
    void close() {
        gw.close();
    }

    static final String OVERLOADED = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}";

    @Test
    void aPersistent503IsTriedThreeTimesByDefaultWithExponentialBackoff() {
        JetwayClient client = client(gw, time).build();
        for (int i = 0; i < 3; i++) {
            gw.enqueue(FakeGateway.json(503, OVERLOADED));
        }

        assertThatThrownBy(() -> client.chat(hello())).isInstanceOf(InternalServerException.class);

        assertThat(gw.requestCount()).isEqualTo(3);
        assertThat(time.pauses).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void aCallThatSucceedsOnRetryAnswersAndSaysHowOftenItWasRetried() {
        JetwayClient client = client(gw, time).build();
        gw.enqueue(FakeGateway.json(503, OVERLOADED))
                .enqueue(FakeGateway.cut())
                .enqueue(FakeGateway.json(200, FakeGateway.completion("Hello")));

        RawResponse<ChatCompletion> answer = client.withRawResponse().chat(hello());

        assertThat(answer.value().content()).isEqualTo("Hello");
        assertThat(answer.retries()).isEqualTo(2);
        assertThat(gw.takeRequest().body()).isEqualTo(gw.takeRequest().body());
    }

    @Test
    void retryAfterInSecondsMillisecondsOrAsADateIsHonoured() {
        JetwayClient client = client(gw, time).maxRetries(3).build();
        String inSeven = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                time.now.plusSeconds(7).atOffset(ZoneOffset.UTC));
        gw.enqueue(FakeGateway.json(
                        429,
                        "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}",
                        "retry-after",
                        "3"))
                .enqueue(FakeGateway.json(429, "{}", "retry-after-ms", "150", "retry-after", "9"))
                .enqueue(FakeGateway.json(429, "{}", "retry-after", inSeven))
                .enqueue(FakeGateway.json(200, FakeGateway.completion("ok")));

        assertThat(client.chat(hello()).content()).isEqualTo("ok");

        // the date is 7 s after the first failure, which is 3.15 s of pauses before the third
        assertThat(time.pauses).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(150), Duration.ofMillis(3850));
    }

    @Test
    void aRetryAfterOfMoreThanAMinuteFallsBackToTheBackoff() {
        JetwayClient client = client(gw, time).maxRetries(1).build();
        gw.enqueue(FakeGateway.json(429, "{}", "retry-after", "3600"))
                .enqueue(FakeGateway.json(200, FakeGateway.completion("ok")));

        client.chat(hello());

        assertThat(time.pauses).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void clientErrorsAreNotRetriedAndXShouldRetryDecides() {
        JetwayClient client = client(gw, time).build();
        gw.enqueue(FakeGateway.json(400, "{\"error\":{\"message\":\"bad\"}}"));
        assertThatThrownBy(() -> client.chat(hello())).isInstanceOf(BadRequestException.class);
        assertThat(gw.requestCount()).isEqualTo(1);

        gw.enqueue(FakeGateway.json(503, OVERLOADED, "x-should-retry", "false"));
        assertThatThrownBy(() -> client.chat(hello())).isInstanceOf(InternalServerException.class);
        assertThat(gw.requestCount()).isEqualTo(2);

        gw.enqueue(FakeGateway.json(400, "{}", "x-should-retry", "true"))
                .enqueue(FakeGateway.json(200, FakeGateway.completion("ok")));
        assertThat(client.chat(hello()).content()).isEqualTo("ok");
        assertThat(time.pauses).hasSize(1);
    }

    @Test
    void maxRetriesZeroTriesOnce() {
        JetwayClient client = client(gw, time).maxRetries(0).build();
        gw.enqueue(FakeGateway.json(503, OVERLOADED));

        assertThatThrownBy(() -> client.chat(hello())).isInstanceOf(InternalServerException.class);
        assertThat(time.pauses).isEmpty();
    }

    @Test
    void aPauseThatWouldPassTheRequestTimeoutIsNotTaken() {
        JetwayClient client = client(gw, time)
                .timeouts(Timeouts.DEFAULTS.withRequest(Duration.ofSeconds(10)))
                .build();
        gw.enqueue(FakeGateway.json(429, "{\"error\":{\"message\":\"slow down\"}}", "retry-after", "30"));

        assertThatThrownBy(() -> client.chat(hello())).isInstanceOf(RateLimitException.class);
        assertThat(time.pauses).isEmpty();
        assertThat(gw.requestCount()).isEqualTo(1);
    }

    @Test
    void aStreamIsRetriedUntilItsHeadersArrive() {
        JetwayClient client = client(gw, time).build();
        gw.enqueue(FakeGateway.json(503, OVERLOADED))
                .enqueue(FakeGateway.sse(true, FakeGateway.chunk("{\"content\":\"Hi\"}", "stop")));

        try (ChatCompletionChunkStream chunks = client.chatStream(hello())) {
            assertThat(chunks.next().text()).isEqualTo("Hi");
        }
        assertThat(time.pauses).containsExactly(Duration.ofMillis(500));
    }
}
