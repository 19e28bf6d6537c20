package io.jetway.client.sdk;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.ChatCompletionChoice;
import io.jetway.api.model.ChatCompletionChunkChoice;
import io.jetway.api.model.ChatCompletionResponseMessage;
import io.jetway.api.model.ChoiceLogprobs;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.CreateChatCompletionResponse;
import io.jetway.api.model.ErrorResponse;
import io.jetway.client.ApiClient;
import io.jetway.client.ApiException;
import io.jetway.client.api.ChatApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Jetway's Java client. Non-stream calls go through the generated {@link ChatApi}; the streaming
 * call is hand-written (the generator has no SSE support) and returns typed chunks.
 *
 * <pre>{@code
 * Jetway jetway = Jetway.builder().baseUrl("http://127.0.0.1:8787")
 *         .options(PortkeyOptions.builder().provider("openai").providerKey(System.getenv("OPENAI_API_KEY")).build())
 *         .build();
 * CreateChatCompletionResponse answer = jetway.chat(request);
 * try (ChatCompletionStream chunks = jetway.chatStream(request, PortkeyOptions.builder().traceId("t-1").build())) {
 *     chunks.forEachRemaining(chunk -> ...);
 * }
 * }</pre>
 *
 * @deprecated Use {@link JetwayClient}: typed errors by status, retries, timeouts, open answers.
 */
@Deprecated
public final class Jetway {

    private final ApiClient apiClient;
    private final ChatApi chatApi;
    private final PortkeyOptions options;

    private Jetway(ApiClient apiClient, PortkeyOptions options) {
        this.apiClient = apiClient;
        this.chatApi = new ChatApi(apiClient);
        this.options = options;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client sharing this one's connection pool, with {@code more} laid over its options. */
    public Jetway withOptions(PortkeyOptions more) {
        return new Jetway(apiClient, options.merge(more));
    }

    /** The generated API, for everything the wrapper does not cover. */
    public ChatApi api() {
        return chatApi;
    }

    public CreateChatCompletionResponse chat(CreateChatCompletionRequest request) {
        return chat(request, PortkeyOptions.none());
    }

    public CreateChatCompletionResponse chat(CreateChatCompletionRequest request, PortkeyOptions perCall) {
        PortkeyOptions o = options.merge(perCall);
        try {
            return chatApi.createChatCompletion(
                    request,
                    o.provider,
                    o.config,
                    o.virtualKey,
                    o.gatewayApiKey,
                    o.customHost,
                    o.traceId,
                    null,
                    null,
                    null,
                    o.metadataJson(),
                    o.cacheForceRefresh,
                    o.cacheNamespace,
                    o.strictOpenAiCompliance,
                    o.requestTimeoutMs,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    extraHeaders(o));
        } catch (ApiException e) {
            throw toJetway(e.getCode(), e.getResponseBody());
        }
    }

    public ChatCompletionStream chatStream(CreateChatCompletionRequest request) {
        return chatStream(request, PortkeyOptions.none());
    }

    /** Sends the request with {@code stream: true} and returns the chunks as they arrive. */
    public ChatCompletionStream chatStream(CreateChatCompletionRequest request, PortkeyOptions perCall) {
        ObjectMapper mapper = apiClient.getObjectMapper();
        byte[] body;
        try {
            ObjectNode tree = mapper.valueToTree(request);
            tree.put("stream", true);
            body = mapper.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(apiClient.getBaseUri() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiClient.getReadTimeout() != null) {
            http.timeout(apiClient.getReadTimeout());
        }
        options.merge(perCall).toHeaders().forEach(http::header);
        try {
            // Not BodyHandlers.ofInputStream(): it may drop a broken stream's error event (BodyInputStream).
            HttpResponse<InputStream> response =
                    apiClient.getHttpClient().send(http.build(), BodyInputStream.handler());
            if (response.statusCode() / 100 != 2) {
                try (InputStream in = response.body()) {
                    throw toJetway(
                            response.statusCode(),
                            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return new ChatCompletionStream(response.body(), mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Map<String, String> extraHeaders(PortkeyOptions o) {
        Map<String, String> extra = new java.util.LinkedHashMap<>(o.headers);
        if (o.providerKey != null) {
            extra.put("Authorization", "Bearer " + o.providerKey);
        }
        return extra;
    }

    private JetwayApiException toJetway(int status, String body) {
        try {
            ErrorResponse error = apiClient.getObjectMapper().readValue(body, ErrorResponse.class);
            return new JetwayApiException(status, error.getError());
        } catch (IOException | RuntimeException notAnError) {
            return new JetwayApiException(
                    status, new io.jetway.api.model.Error().message(body).type("http_error"));
        }
    }

    /**
     * The answer fields OpenAI's spec requires but allows to be null ({@code message.content},
     * {@code message.refusal}, {@code choices[].logprobs} and its {@code content} /
     * {@code refusal}, a chunk choice's {@code finish_reason}) are read as null when left out:
     * Jetway writes them on every answer it translates, but answers of OpenAI-compatible
     * providers pass through unchanged, and some of those providers leave them out. OpenAI's
     * own SDKs read such answers too.
     */
    static final class NullableAnswerFieldsMayBeMissing extends NopAnnotationIntrospector {
        private static final Map<Class<?>, Set<String>> FIELDS = Map.of(
                ChatCompletionResponseMessage.class, Set.of("content", "refusal"),
                ChatCompletionChoice.class, Set.of("logprobs"),
                ChoiceLogprobs.class, Set.of("content", "refusal"),
                ChatCompletionChunkChoice.class, Set.of("finish_reason"));

        @Override
        public Boolean hasRequiredMarker(AnnotatedMember member) {
            Set<String> fields = FIELDS.get(member.getDeclaringClass());
            JsonProperty property = member.getAnnotation(JsonProperty.class);
            return fields != null && property != null && fields.contains(property.value()) ? Boolean.FALSE : null;
        }
    }

    /** Builder: base URL (the gateway's root, e.g. {@code http://127.0.0.1:8787}), options, HTTP client. */
    public static final class Builder {
        private String baseUrl = "http://127.0.0.1:8787";
        private PortkeyOptions options = PortkeyOptions.none();
        private HttpClient.Builder http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
        private Duration readTimeout;

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            return this;
        }

        public Builder options(PortkeyOptions options) {
            this.options = options;
            return this;
        }

        public Builder httpClient(HttpClient.Builder http) {
            this.http = http;
            return this;
        }

        /** Limit on each call (for streams: until the response headers arrive). */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        public Jetway build() {
            ObjectMapper mapper = ApiClient.createDefaultObjectMapper();
            mapper.setAnnotationIntrospector(AnnotationIntrospector.pair(
                    new NullableAnswerFieldsMayBeMissing(),
                    mapper.getDeserializationConfig().getAnnotationIntrospector()));
            ApiClient client = new ApiClient(http, mapper, baseUrl);
            if (readTimeout != null) {
                client.setReadTimeout(readTimeout);
            }
            return new Jetway(client, options);
        }
    }
}
