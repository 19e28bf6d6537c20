package io.jetway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.api.model.ChatCompletionRequestUserMessage;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.CreateChatCompletionResponse;
import io.jetway.api.model.CreateChatCompletionStreamResponse;
import io.jetway.api.types.MessageContent;
import io.jetway.client.sdk.ChatCompletionStream;
import io.jetway.client.sdk.Jetway;
import io.jetway.client.sdk.JetwayApiException;
import io.jetway.client.sdk.PortkeyOptions;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jetway's generated Java client, with its hand-written options and streaming call, against the running gateway. */
// Tests the hand-written client, deprecated for the generated one but still shipped.
@SuppressWarnings("deprecation")
class JetwayClientTest {

    static GatewayHarness gw;
    static Jetway jetway;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
        jetway = Jetway.builder()
                .baseUrl(gw.url())
                .options(PortkeyOptions.builder()
                        .provider("openai")
                        .providerKey(GatewayHarness.PROVIDER_KEY)
                        .customHost(gw.upstreamV1())
                        .metadata("team", "search")
                        .build())
                .build();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
    }

    static CreateChatCompletionRequest hello() {
        return new CreateChatCompletionRequest()
                .model("gpt-4o-mini")
                .messages(List.of(
                        new ChatCompletionRequestUserMessage().role("user").content(MessageContent.of("Hi"))));
    }

    @Test
    void aNonStreamCallReturnsTheTypedCompletion() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("Hello from upstream"));

        CreateChatCompletionResponse answer = jetway.chat(hello());

        assertThat(answer.getChoices().getFirst().getMessage().getContent()).isEqualTo("Hello from upstream");
        assertThat(answer.getUsage().getTotalTokens()).isPositive();
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + GatewayHarness.PROVIDER_KEY);
        assertThat(sent.bodyJson().get("messages").get(0).get("content").asText())
                .isEqualTo("Hi");
    }

    @Test
    void anAnswerWithoutTheFieldsOpenAiAlwaysSendsIsStillRead() {
        // OpenAI-compatible providers (Mistral, Groq, Ollama …) pass through unchanged and may leave out
        // refusal, logprobs or a chunk's finish_reason, which the contract requires of Jetway's own answers.
        gw.upstream()
                .enqueue(FakeResponse.json(
                        200,
                        "{\"id\":\"cmpl-1\",\"object\":\"chat.completion\","
                                + "\"created\":1,\"model\":\"mistral-small\",\"choices\":[{\"index\":0,\"message\":{"
                                + "\"role\":\"assistant\",\"content\":\"Bonjour\"},\"finish_reason\":\"stop\"}]}"));
        gw.upstream()
                .enqueue(FakeResponse.sse(List.of("{\"id\":\"cmpl-2\",\"object\":\"chat.completion.chunk\","
                        + "\"created\":1,\"model\":\"mistral-small\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":\"Bon\"}}]}")));

        CreateChatCompletionResponse answer = jetway.chat(hello());
        List<CreateChatCompletionStreamResponse> chunks = new ArrayList<>();
        try (ChatCompletionStream stream = jetway.chatStream(hello())) {
            stream.forEachRemaining(chunks::add);
        }

        assertThat(answer.getChoices().getFirst().getMessage().getContent()).isEqualTo("Bonjour");
        assertThat(answer.getChoices().getFirst().getMessage().getRefusal()).isNull();
        assertThat(answer.getChoices().getFirst().getLogprobs()).isNull();
        assertThat(chunks)
                .singleElement()
                .satisfies(c -> assertThat(c.getChoices().getFirst().getDelta().getContent())
                        .isEqualTo("Bon"));
    }

    @Test
    void perCallOptionsAreLaidOverTheClientsOptions() {
        // Straight to the recording fake, to see the headers the client sends (the gateway never forwards them).
        Jetway direct = Jetway.builder()
                .baseUrl(gw.upstream().baseUrl())
                .options(PortkeyOptions.builder()
                        .provider("openai")
                        .providerKey("sk-client")
                        .traceId("client-trace")
                        .metadata("team", "search")
                        .build())
                .build();

        direct.chat(
                hello(),
                PortkeyOptions.builder()
                        .traceId("call-trace")
                        .metadata("user", "u1")
                        .build());
        direct.withOptions(PortkeyOptions.builder().provider("groq").build()).chat(hello());

        RecordedRequest first = gw.upstream().takeRequest();
        assertThat(first.header("x-portkey-provider")).isEqualTo("openai");
        assertThat(first.header("authorization")).isEqualTo("Bearer sk-client");
        assertThat(first.header("x-portkey-trace-id")).isEqualTo("call-trace");
        assertThat(first.header("x-portkey-metadata")).isEqualTo("{\"team\":\"search\",\"user\":\"u1\"}");
        RecordedRequest second = gw.upstream().takeRequest();
        assertThat(second.header("x-portkey-provider")).isEqualTo("groq");
        assertThat(second.header("x-portkey-trace-id")).isEqualTo("client-trace");
    }

    @Test
    void theStreamingCallReturnsTypedChunksUntilDone() {
        gw.upstream().enqueue(FakeResponse.chatStream("Hel", "lo"));
        List<String> pieces = new ArrayList<>();

        try (ChatCompletionStream chunks = jetway.chatStream(hello())) {
            while (chunks.hasNext()) {
                CreateChatCompletionStreamResponse chunk = chunks.next();
                String content = chunk.getChoices().getFirst().getDelta().getContent();
                if (content != null) {
                    pieces.add(content);
                }
            }
        }

        assertThat(String.join("", pieces)).isEqualTo("Hello");
        assertThat(gw.upstream().takeRequest().bodyJson().get("stream").asBoolean())
                .isTrue();
    }

    @Test
    void aStreamThatBreaksThrowsInsteadOfEndingQuietly() {
        gw.upstream().enqueue(FakeResponse.chatStream("a", "b", "c").dropAfter(2));

        try (ChatCompletionStream chunks = jetway.chatStream(hello())) {
            assertThatThrownBy(() -> chunks.forEachRemaining(c -> {}))
                    .isInstanceOf(JetwayApiException.class)
                    .satisfies(e -> assertThat(((JetwayApiException) e).error().getMessage())
                            .isNotBlank());
        }
    }

    @Test
    void aStreamCutRightAfterItsErrorEventThrowsThatErrorEveryTime() {
        // The gateway closes the connection right after the event (the harness skips its grace): a client
        // that dropped what it had not read yet when the connection failed would miss the event now and then.
        for (int i = 0; i < 40; i++) {
            gw.upstream().enqueue(BrokenStreamTest.errorMidStream());
            try (ChatCompletionStream chunks = jetway.chatStream(hello())) {
                assertThatThrownBy(() -> chunks.forEachRemaining(c -> {}))
                        .isInstanceOf(JetwayApiException.class)
                        .satisfies(
                                e -> assertThat(((JetwayApiException) e).error().getMessage())
                                        .isEqualTo(BrokenStreamTest.PROVIDER_ERROR));
            }
        }
    }

    @Test
    void errorsBecomeTypedExceptionsWithTheProvidersStatusAndMessage() {
        gw.upstream()
                .enqueue(FakeResponse.error(
                        401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key"));

        assertThatThrownBy(() -> jetway.chat(hello()))
                .isInstanceOf(JetwayApiException.class)
                .satisfies(e -> {
                    JetwayApiException j = (JetwayApiException) e;
                    assertThat(j.status()).isEqualTo(401);
                    assertThat(j.error().getMessage()).isEqualTo("Incorrect API key provided");
                    assertThat(j.error().getCode()).isEqualTo("invalid_api_key");
                });
    }
}
