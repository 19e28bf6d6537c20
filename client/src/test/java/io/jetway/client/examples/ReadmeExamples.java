package io.jetway.client.examples;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.jetway.client.sdk.ChatCompletion;
import io.jetway.client.sdk.ChatCompletionAccumulator;
import io.jetway.client.sdk.ChatCompletionChunkStream;
import io.jetway.client.sdk.ChatRequest;
import io.jetway.client.sdk.JetwayClient;
import io.jetway.client.sdk.JetwayIoException;
import io.jetway.client.sdk.JetwayServiceException;
import io.jetway.client.sdk.PortkeyOptions;
import io.jetway.client.sdk.RateLimitException;
import io.jetway.client.sdk.StructuredChatCompletion;
import io.jetway.client.sdk.ToolCall;
import io.jetway.client.sdk.RawResponse;
import io.jetway.client.sdk.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The five tasks of client/README.md, as code that compiles and runs (ReadmeExamplesTest against a
 * fake gateway, contract-tests' JetwayClientReadmeTest against Jetway). The regions between
 * {@code // README:<name>} and {@code // README:end} are in the README word for word (ReadmeTest).
 */
public final class ReadmeExamples {

    private ReadmeExamples() {
    }

    public static JetwayClient create(String gatewayUrl, String openAiKey) {
        // README:create
        JetwayClient client = JetwayClient.builder()
                .baseUrl(gatewayUrl) // e.g. http://127.0.0.1:8787
                .options(PortkeyOptions.builder().provider("openai").providerKey(openAiKey).build())
                .build();
        // README:end
        return client;
    }

    public static String plainChat(JetwayClient client) {
        // README:plain-chat
        ChatCompletion answer = client.chat(ChatRequest.builder()
                .model("gpt-4o-mini")
                .addSystemMessage("Answer in one word.")
                .addUserMessage("What is the capital of France?")
                .build());
        String text = answer.content();
        // README:end
        return text;
    }

    public static ChatCompletion stream(JetwayClient client, Consumer<String> out) {
        // README:stream
        ChatRequest request = ChatRequest.builder()
                .model("gpt-4o-mini")
                .addUserMessage("Tell me a short story.")
                .includeUsage(true)
                .build();
        ChatCompletionAccumulator story = new ChatCompletionAccumulator();
        try (ChatCompletionChunkStream chunks = client.chatStream(request)) {
            // chunks without choices (the usage, content filters) have an empty text()
            chunks.forEachRemaining(chunk -> out.accept(story.accumulate(chunk).text()));
        }
        ChatCompletion whole = story.chatCompletion(); // text, tool calls, finish reason, usage
        // README:end
        return whole;
    }

    // README:tool-record
    @JsonClassDescription("The current weather in a city")
    public record GetWeather(@JsonPropertyDescription("The city, e.g. Paris") String city) {
    }
    // README:end

    public static String weatherIn(String city) {
        return "{\"city\":\"" + city + "\",\"celsius\":21}";
    }

    public static String toolCall(JetwayClient client) {
        // README:tool-call
        ChatRequest first = ChatRequest.builder()
                .model("gpt-4o-mini")
                .addUserMessage("What's the weather in Paris?")
                .addTool(GetWeather.class) // a function tool named GetWeather, its parameters the record's JSON schema
                .build();
        ChatCompletion answer = client.chat(first);

        ChatRequest.Builder second = first.toBuilder().addMessage(answer.message()); // the assistant's turn, as it came
        for (ToolCall call : answer.message().toolCalls()) {
            GetWeather args = call.arguments(GetWeather.class);
            second.addToolMessage(call.id(), weatherIn(args.city()));
        }
        String text = client.chat(second.build()).content();
        // README:end
        return text;
    }

    // README:structured-record
    public record City(String name, String country, long population) {
    }
    // README:end

    public static City structuredOutput(JetwayClient client) {
        // README:structured
        StructuredChatCompletion<City> answer = client.chat(ChatRequest.builder()
                .model("gpt-4o-mini")
                .addUserMessage("Describe Paris.")
                .responseFormat(City.class) // response_format: the record's JSON schema, strict
                .build());
        City city = answer.content();
        // README:end
        return city;
    }

    public static String errors(JetwayClient client) {
        // README:errors
        ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").addUserMessage("Hi").build();
        try {
            return client.chat(request).content();
        } catch (RateLimitException e) { // 429, after the retries (2 by default, honouring retry-after)
            return "slow down: " + e.errorMessage() + " (trace " + e.traceId() + ")";
        } catch (JetwayServiceException e) { // any other error status: one subclass per status
            return e.status() + " " + e.type() + "/" + e.code() + " on " + e.param() + ": " + e.errorMessage();
        } catch (JetwayIoException e) { // no answer: refused connection, timeout (JetwayTimeoutException) …
            return "no answer: " + e.getCause();
        }
        // README:end
    }

    public static JetwayClient tuned(String gatewayUrl) {
        // README:timeouts
        JetwayClient client = JetwayClient.builder()
                .baseUrl(gatewayUrl)
                .timeouts(Timeouts.DEFAULTS.withConnect(Duration.ofSeconds(2)).withRead(Duration.ofSeconds(30)))
                .maxRetries(4)
                .build();
        // README:end
        return client;
    }

    public static RawResponse<ChatCompletion> raw(JetwayClient client) {
        // README:raw
        RawResponse<ChatCompletion> raw = client.withRawResponse().chat(ChatRequest.builder()
                .model("gpt-4o-search-preview")
                .addUserMessage("What happened today?")
                .putAdditionalBodyProperty("web_search_options", Map.of("search_context_size", "low"))
                .putHeader("x-portkey-trace-id", "checkout-42")
                .options(PortkeyOptions.builder().metadata("user", "u-1").build())
                .build());
        String traceId = raw.traceId(); // x-portkey-trace-id
        List<String> dropped = raw.droppedParams(); // x-jetway-dropped-params: fields the provider does not use
        String cache = raw.cacheStatus(); // x-portkey-cache-status
        String remaining = raw.header("x-ratelimit-remaining-requests");
        int retries = raw.retries(); // how often the call was retried
        // README:end
        return raw;
    }
}
