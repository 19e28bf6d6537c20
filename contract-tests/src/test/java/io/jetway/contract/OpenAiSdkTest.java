package io.jetway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, pointed at the gateway, works unchanged. */
class OpenAiSdkTest {

    static GatewayHarness gw;
    static OpenAIClient openai;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
        openai = OpenAIOkHttpClient.builder()
                .baseUrl(gw.url() + "/v1")
                .apiKey(GatewayHarness.PROVIDER_KEY)
                .putHeader("x-portkey-provider", "openai")
                .putHeader("x-portkey-custom-host", gw.upstreamV1())
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        openai.close();
        gw.close();
    }

    static ChatCompletionCreateParams params() {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage("Say hello")
                .build();
    }

    @Test
    void aNonStreamCompletionComesBackThroughTheGateway() {
        gw.upstream().enqueue(FakeResponse.chatCompletion("Hello!"));

        ChatCompletion completion = openai.chat().completions().create(params());

        assertThat(completion.choices().getFirst().message().content()).hasValue("Hello!");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(gw.upstream().takeRequest().header("authorization"))
                .isEqualTo("Bearer " + GatewayHarness.PROVIDER_KEY);
    }

    @Test
    void aStreamAccumulatesIntoTheWholeAnswer() {
        gw.upstream().enqueue(FakeResponse.chatStream("Hel", "lo", "!"));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();

        try (StreamResponse<ChatCompletionChunk> stream =
                openai.chat().completions().createStreaming(params())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        ChatCompletion whole = accumulator.chatCompletion();
        assertThat(whole.choices().getFirst().message().content()).hasValue("Hello!");
        assertThat(whole.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void aStreamedToolCallAccumulatesIntoValidArguments() {
        gw.upstream().enqueue(FakeResponse.toolCallStream("get_weather", "{\"ci", "ty\":\"Pa", "ris\"}"));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();

        try (StreamResponse<ChatCompletionChunk> stream =
                openai.chat().completions().createStreaming(params())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        var call = accumulator
                .chatCompletion()
                .choices()
                .getFirst()
                .message()
                .toolCalls()
                .orElseThrow()
                .getFirst();
        assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
        assertThat(call.asFunction().function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void aStreamThatBreaksAfterAnErrorEventRaisesTheEventsMessage() {
        gw.upstream().enqueue(BrokenStreamTest.errorMidStream());
        List<String> pieces = new ArrayList<>();

        assertThatThrownBy(() -> {
                    try (StreamResponse<ChatCompletionChunk> stream =
                            openai.chat().completions().createStreaming(params())) {
                        stream.stream()
                                .forEach(c -> pieces.add(
                                        c.choices().getFirst().delta().content().orElse("")));
                    }
                })
                .hasMessageContaining(BrokenStreamTest.PROVIDER_ERROR);
        assertThat(pieces).containsExactly("x");
    }
}
