package io.jetway.contract.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A scripted response for {@link FakeUpstream}, speaking OpenAI's Chat Completions wire format.
 *
 * <p>Instances are immutable: every option method ({@link #header}, {@link #model},
 * {@link #dropAfter}, ...) returns a modified copy, so a response can safely be reused.
 *
 * <h2>Kinds of response</h2>
 *
 * <ul>
 *   <li><b>Plain JSON</b> ({@code Content-Length} framing): {@link #json}, {@link #chatCompletion},
 *       {@link #toolCallCompletion}, {@link #error}.
 *   <li><b>Server-sent events</b> ({@code Transfer-Encoding: chunked}): {@link #sse},
 *       {@link #chatStream}, {@link #toolCallStream}. Each payload is written as one chunk
 *       {@code data: <payload>\n\n} and flushed, then {@code data: [DONE]\n\n}, then the
 *       terminating zero-length chunk. Faults: {@link #withoutDone()}, {@link #dropAfter(int)},
 *       {@link #delayBeforeEachEventMillis(long)}, {@link #rawTail(String)}.
 *   <li><b>No response</b>: {@link #closeWithoutResponse()} reads the request, then closes the
 *       socket.
 *   <li><b>Computed</b>: {@link #dynamic} builds the response from the {@link RecordedRequest}.
 * </ul>
 *
 * <p>{@link #delayBeforeHeadersMillis(long)} works on every kind (use it to trip gateway
 * upstream timeouts). Framing headers ({@code Content-Length}, {@code Transfer-Encoding}) are
 * always written by the fake itself; values given through {@link #header} for them are ignored.
 *
 * <pre>{@code
 * upstream.enqueue(FakeResponse.chatCompletion("Hi!").model("gpt-4o"));
 * upstream.enqueue(FakeResponse.error(429, "Rate limit reached", "requests", "rate_limit_exceeded")
 *     .header("retry-after", "1"));
 * upstream.enqueue(FakeResponse.chatStream("Hel", "lo").withUsageChunk(9, 2));
 * upstream.enqueue(FakeResponse.chatStream("a", "b", "c").dropAfter(2));
 * }</pre>
 */
public final class FakeResponse {

    /** The model name used by the OpenAI-shaped builders unless overridden with {@link #model}. */
    public static final String DEFAULT_MODEL = "gpt-4o-mini";

    /** Prompt token count reported by the builders unless overridden. */
    public static final int DEFAULT_PROMPT_TOKENS = 10;

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    enum Kind {
        FIXED,
        SSE,
        CHUNKED,
        CLOSE,
        DYNAMIC
    }

    // Effectively final after construction: only mutated on fresh copies inside this class.
    private Kind kind;
    private int status = 200;
    private List<Map.Entry<String, String>> headers = List.of();
    private byte[] body = new byte[0];
    private List<String> events = List.of();
    private List<byte[]> chunks = List.of();
    private boolean sendDone = true;
    private int dropAfter = -1;
    private long delayBeforeEachEventMillis;
    private long delayBeforeHeadersMillis;
    private String rawTail;
    private Function<RecordedRequest, FakeResponse> dynamic;

    private FakeResponse(Kind kind) {
        this.kind = kind;
    }

    private FakeResponse copy() {
        FakeResponse c = new FakeResponse(kind);
        c.status = status;
        c.headers = headers;
        c.body = body;
        c.events = events;
        c.chunks = chunks;
        c.sendDone = sendDone;
        c.dropAfter = dropAfter;
        c.delayBeforeEachEventMillis = delayBeforeEachEventMillis;
        c.delayBeforeHeadersMillis = delayBeforeHeadersMillis;
        c.rawTail = rawTail;
        c.dynamic = dynamic;
        return c;
    }

    // ---------------------------------------------------------------------------------------------
    // Plain JSON responses
    // ---------------------------------------------------------------------------------------------

    /**
     * A response with the given status and body, {@code Content-Type: application/json} and
     * {@code Content-Length} framing. The body is sent verbatim (it need not be valid JSON).
     */
    public static FakeResponse json(int status, String body) {
        FakeResponse r = new FakeResponse(Kind.FIXED);
        r.status = status;
        r.body = body.getBytes(StandardCharsets.UTF_8);
        r.headers = List.of(Map.entry("Content-Type", "application/json"));
        return r;
    }

    /**
     * A successful (200) OpenAI {@code chat.completion} whose single choice is an assistant message
     * with the given content and {@code finish_reason: "stop"}. The model is {@value #DEFAULT_MODEL}
     * (see {@link #model}); usage is {@value #DEFAULT_PROMPT_TOKENS} prompt tokens and roughly one
     * completion token per 4 characters (see {@link #withUsage}).
     */
    public static FakeResponse chatCompletion(String content) {
        ObjectNode message = MAPPER.createObjectNode();
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        message.putArray("annotations");
        return completion(message, "stop", estimateTokens(content));
    }

    /**
     * A successful (200) OpenAI {@code chat.completion} in which the assistant calls one function
     * tool: {@code finish_reason: "tool_calls"}, {@code message.content: null} and one
     * {@code tool_calls} entry with a fresh {@code call_...} id.
     *
     * @param argumentsJson the function arguments, a JSON document encoded as a string (as OpenAI
     *     sends it), e.g. {@code {"city":"Paris"}}
     */
    public static FakeResponse toolCallCompletion(String toolName, String argumentsJson) {
        ObjectNode message = MAPPER.createObjectNode();
        message.put("role", "assistant");
        message.putNull("content");
        ObjectNode call = message.putArray("tool_calls").addObject();
        call.put("id", randomId("call_", 24));
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", toolName);
        function.put("arguments", argumentsJson);
        message.putNull("refusal");
        message.putArray("annotations");
        return completion(message, "tool_calls", estimateTokens(toolName + argumentsJson));
    }

    /**
     * An OpenAI error response: {@code {"error":{"message":...,"type":...,"param":null,"code":...}}}.
     *
     * <pre>{@code
     * FakeResponse.error(401, "Incorrect API key provided", "invalid_request_error",
     *     "invalid_api_key")
     * FakeResponse.error(500, "The server had an error", "server_error", null)
     * }</pre>
     *
     * @param type may be null
     * @param code may be null
     */
    public static FakeResponse error(int status, String message, String type, String code) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", code);
        return json(status, toJson(root)).header("x-request-id", randomId("req_", 32));
    }

    /**
     * A response with the given status, content type and raw body bytes ({@code Content-Length}
     * framing), e.g. an image or a binary document.
     */
    public static FakeResponse bytes(int status, String contentType, byte[] body) {
        FakeResponse r = new FakeResponse(Kind.FIXED);
        r.status = status;
        r.body = body.clone();
        r.headers = List.of(Map.entry("Content-Type", contentType));
        return r;
    }

    /**
     * A response with {@code Transfer-Encoding: chunked} whose body is the given byte arrays, each
     * written as one HTTP chunk and flushed, then the terminating chunk: for binary streams such as
     * AWS's {@code application/vnd.amazon.eventstream}, with frames split across chunks or several
     * frames in one. {@link #dropAfter(int)} closes the socket after that many chunks instead.
     */
    public static FakeResponse chunked(int status, String contentType, List<byte[]> bodyChunks) {
        FakeResponse r = new FakeResponse(Kind.CHUNKED);
        r.status = status;
        r.chunks = bodyChunks.stream().map(byte[]::clone).toList();
        r.headers = List.of(Map.entry("Content-Type", contentType));
        return r;
    }

    // ---------------------------------------------------------------------------------------------
    // Streaming (server-sent events)
    // ---------------------------------------------------------------------------------------------

    /**
     * A 200 {@code text/event-stream} response writing each payload as {@code data: <payload>\n\n}
     * (one HTTP chunk each, flushed), then {@code data: [DONE]\n\n}, then the terminating chunk.
     * Payloads are written verbatim, so they may be deliberately malformed.
     */
    public static FakeResponse sse(List<String> dataPayloads) {
        FakeResponse r = new FakeResponse(Kind.SSE);
        r.events = List.copyOf(dataPayloads);
        r.headers = List.of(Map.entry("Content-Type", "text/event-stream; charset=utf-8"));
        return r;
    }

    /**
     * A realistic OpenAI {@code chat.completion.chunk} stream of an assistant message: a first chunk
     * with delta {@code {role: "assistant", content: "", refusal: null}}, one chunk per piece with
     * delta {@code {content: piece}}, then a chunk with an empty delta and
     * {@code finish_reason: "stop"}. All chunks share id, created, model and system_fingerprint.
     * Add {@link #withUsageChunk} to mimic {@code stream_options.include_usage: true}.
     */
    public static FakeResponse chatStream(String... contentPieces) {
        StreamIdentity ids = StreamIdentity.fresh();
        List<String> payloads = new ArrayList<>();

        ObjectNode first = MAPPER.createObjectNode();
        first.put("role", "assistant");
        first.put("content", "");
        first.putNull("refusal");
        payloads.add(ids.chunk(first, null));

        for (String piece : contentPieces) {
            ObjectNode delta = MAPPER.createObjectNode();
            delta.put("content", piece);
            payloads.add(ids.chunk(delta, null));
        }
        payloads.add(ids.chunk(MAPPER.createObjectNode(), "stop"));
        return sse(payloads);
    }

    /**
     * A realistic OpenAI stream of one function tool call: the first chunk's delta carries
     * {@code tool_calls[0]} with index 0, a {@code call_...} id, type {@code function} and
     * {@code function: {name, arguments: ""}}; each following chunk carries only
     * {@code tool_calls[0].function.arguments} (one piece each); the last chunk has an empty delta
     * and {@code finish_reason: "tool_calls"}.
     *
     * <pre>{@code
     * FakeResponse.toolCallStream("get_weather", "{\"ci", "ty\":\"Par", "is\"}")
     * }</pre>
     */
    public static FakeResponse toolCallStream(String name, String... argumentPieces) {
        StreamIdentity ids = StreamIdentity.fresh();
        List<String> payloads = new ArrayList<>();

        ObjectNode first = MAPPER.createObjectNode();
        first.put("role", "assistant");
        first.putNull("content");
        ObjectNode call = first.putArray("tool_calls").addObject();
        call.put("index", 0);
        call.put("id", randomId("call_", 24));
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", "");
        first.putNull("refusal");
        payloads.add(ids.chunk(first, null));

        for (String piece : argumentPieces) {
            ObjectNode delta = MAPPER.createObjectNode();
            ObjectNode partial = delta.putArray("tool_calls").addObject();
            partial.put("index", 0);
            partial.putObject("function").put("arguments", piece);
            payloads.add(ids.chunk(delta, null));
        }
        payloads.add(ids.chunk(MAPPER.createObjectNode(), "tool_calls"));
        return sse(payloads);
    }

    // ---------------------------------------------------------------------------------------------
    // Special responses
    // ---------------------------------------------------------------------------------------------

    /** Reads the request, then closes the socket without writing a single byte. */
    public static FakeResponse closeWithoutResponse() {
        return new FakeResponse(Kind.CLOSE);
    }

    /**
     * A response computed from the request when it arrives, e.g. to echo the model:
     *
     * <pre>{@code
     * FakeResponse.dynamic(req -> FakeResponse.chatCompletion("ok")
     *     .model(req.bodyJson().path("model").asText()))
     * }</pre>
     *
     * If the function throws, the fake answers 500 with an OpenAI error body and logs the exception.
     * A {@link #delayBeforeHeadersMillis} set on the dynamic response is added to the computed
     * response's own delay.
     */
    public static FakeResponse dynamic(Function<RecordedRequest, FakeResponse> responder) {
        FakeResponse r = new FakeResponse(Kind.DYNAMIC);
        r.dynamic = Objects.requireNonNull(responder);
        return r;
    }

    /**
     * What {@link FakeUpstream} answers when nothing is enqueued: if the request body has
     * {@code "stream": true}, {@code chatStream("Hello", " world")} (plus a usage chunk if
     * {@code stream_options.include_usage} is true), otherwise {@code chatCompletion("Hello world")};
     * in both cases echoing the request's {@code model} if present.
     */
    public static FakeResponse smartDefault() {
        return dynamic(FakeResponse::smartDefaultFor);
    }

    private static FakeResponse smartDefaultFor(RecordedRequest request) {
        JsonNode body;
        try {
            body = MAPPER.readTree(request.body());
        } catch (Exception e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return chatCompletion("Hello world");
        }
        JsonNode model = body.path("model");
        FakeResponse response;
        if (body.path("stream").asBoolean(false)) {
            response = chatStream("Hello", " world");
            if (body.path("stream_options").path("include_usage").asBoolean(false)) {
                response = response.withUsageChunk(DEFAULT_PROMPT_TOKENS, 2);
            }
        } else {
            response = chatCompletion("Hello world");
        }
        return model.isTextual() ? response.model(model.asText()) : response;
    }

    // ---------------------------------------------------------------------------------------------
    // Options (each returns a modified copy)
    // ---------------------------------------------------------------------------------------------

    /** Overrides the HTTP status (e.g. an SSE stream answered with a non-200 status). */
    public FakeResponse status(int status) {
        requireKind("status", Kind.FIXED, Kind.SSE, Kind.CHUNKED);
        FakeResponse c = copy();
        c.status = status;
        return c;
    }

    /**
     * Adds a response header, replacing any header of the same name (case-insensitive), e.g. to
     * override {@code Content-Type} or to add {@code retry-after}.
     */
    public FakeResponse header(String name, String value) {
        requireKind("header", Kind.FIXED, Kind.SSE, Kind.CHUNKED);
        List<Map.Entry<String, String>> updated = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (!h.getKey().equalsIgnoreCase(name)) {
                updated.add(h);
            }
        }
        updated.add(Map.entry(name, value));
        FakeResponse c = copy();
        c.headers = List.copyOf(updated);
        return c;
    }

    /**
     * Sets the top-level {@code "model"} field of an OpenAI-shaped body: the JSON body of a
     * completion, or every JSON payload of a stream that has one. Payloads that are not JSON objects
     * with a {@code model} field are left alone.
     */
    public FakeResponse model(String model) {
        return mapJson("model", node -> {
            if (node.has("model")) {
                node.put("model", model);
            }
        });
    }

    /**
     * Replaces the {@code usage} object of a non-streaming completion with the given counts
     * ({@code total_tokens} is their sum; detail counts stay 0).
     */
    public FakeResponse withUsage(int promptTokens, int completionTokens) {
        requireKind("withUsage", Kind.FIXED);
        return mapJson("withUsage", node -> {
            if (node.has("usage")) {
                node.set("usage", usage(promptTokens, completionTokens));
            }
        });
    }

    /**
     * Appends the final usage chunk OpenAI sends when {@code stream_options.include_usage} is true:
     * same id/created/model as the first chunk, {@code choices: []} and a full {@code usage} object.
     * As OpenAI does, every earlier chunk then carries {@code "usage": null}. The first payload must
     * be a JSON chunk (as produced by {@link #chatStream} or {@link #toolCallStream}).
     */
    public FakeResponse withUsageChunk(int promptTokens, int completionTokens) {
        requireKind("withUsageChunk", Kind.SSE);
        if (events.isEmpty()) {
            throw new IllegalStateException("withUsageChunk needs at least one chunk to copy ids from");
        }
        JsonNode first = parseOrNull(events.get(0));
        if (first == null || !first.isObject()) {
            throw new IllegalStateException("withUsageChunk: first payload is not a JSON chunk");
        }
        List<String> updated = new ArrayList<>();
        for (String payload : events) {
            JsonNode node = parseOrNull(payload);
            if (node instanceof ObjectNode object
                    && "chat.completion.chunk".equals(object.path("object").asText())) {
                object.putNull("usage");
                updated.add(toJson(object));
            } else {
                updated.add(payload);
            }
        }
        ObjectNode usageChunk = MAPPER.createObjectNode();
        for (String field : List.of("id", "object", "created", "model", "service_tier", "system_fingerprint")) {
            if (first.has(field)) {
                usageChunk.set(field, first.get(field));
            }
        }
        usageChunk.putArray("choices");
        usageChunk.set("usage", usage(promptTokens, completionTokens));
        updated.add(toJson(usageChunk));

        FakeResponse c = copy();
        c.events = List.copyOf(updated);
        return c;
    }

    /** Ends the stream cleanly (terminating chunk) but without the {@code data: [DONE]} event. */
    public FakeResponse withoutDone() {
        requireKind("withoutDone", Kind.SSE);
        FakeResponse c = copy();
        c.sendDone = false;
        return c;
    }

    /**
     * After {@code n} data events have been written and flushed, closes the socket abruptly: no
     * {@code [DONE]}, no raw tail, no terminating zero-length chunk. {@code dropAfter(0)} drops right
     * after the response headers. If {@code n} is at least the number of payloads, the drop happens
     * after the last payload.
     */
    public FakeResponse dropAfter(int n) {
        requireKind("dropAfter", Kind.SSE, Kind.CHUNKED);
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0");
        }
        FakeResponse c = copy();
        c.dropAfter = n;
        return c;
    }

    /**
     * Sleeps before writing each event (every data payload and the {@code [DONE]} event), e.g. to
     * trip a gateway's idle/read timeout between chunks.
     */
    public FakeResponse delayBeforeEachEventMillis(long millis) {
        requireKind("delayBeforeEachEventMillis", Kind.SSE);
        FakeResponse c = copy();
        c.delayBeforeEachEventMillis = millis;
        return c;
    }

    /**
     * Sleeps after the request has been read (and recorded) and before anything is written. Works
     * on every kind of response, including {@link #closeWithoutResponse()}.
     */
    public FakeResponse delayBeforeHeadersMillis(long millis) {
        FakeResponse c = copy();
        c.delayBeforeHeadersMillis = millis;
        return c;
    }

    /**
     * Appends arbitrary text to the event-stream body, after the events and {@code [DONE]} (if
     * sent) and before the terminating chunk. It is written verbatim as one HTTP chunk, so the HTTP
     * framing stays valid while the SSE content can be anything (e.g. a truncated JSON payload, an
     * SSE comment, or {@code "event: error\ndata: {...}\n\n"}); combine with
     * {@link #withoutDone()} to make it the last thing in the stream. Calling it again appends more
     * text.
     */
    public FakeResponse rawTail(String raw) {
        requireKind("rawTail", Kind.SSE);
        FakeResponse c = copy();
        c.rawTail = rawTail == null ? raw : rawTail + raw;
        return c;
    }

    // ---------------------------------------------------------------------------------------------
    // Accessors for FakeUpstream
    // ---------------------------------------------------------------------------------------------

    Kind kind() {
        return kind;
    }

    int statusCode() {
        return status;
    }

    List<Map.Entry<String, String>> headers() {
        return headers;
    }

    byte[] bodyBytes() {
        return body;
    }

    List<String> events() {
        return events;
    }

    List<byte[]> chunks() {
        return chunks;
    }

    boolean sendDone() {
        return sendDone;
    }

    int dropAfterEvents() {
        return dropAfter;
    }

    long eventDelayMillis() {
        return delayBeforeEachEventMillis;
    }

    long headersDelayMillis() {
        return delayBeforeHeadersMillis;
    }

    String rawTailText() {
        return rawTail;
    }

    /** Resolves a dynamic response against the request; other kinds return themselves. */
    FakeResponse resolve(RecordedRequest request) {
        FakeResponse current = this;
        long extraDelay = 0;
        for (int depth = 0; current.kind == Kind.DYNAMIC; depth++) {
            if (depth > 16) {
                throw new IllegalStateException("dynamic responses nested more than 16 deep");
            }
            extraDelay += current.delayBeforeHeadersMillis;
            current = Objects.requireNonNull(current.dynamic.apply(request), "dynamic responder returned null");
        }
        return extraDelay == 0
                ? current
                : current.delayBeforeHeadersMillis(current.delayBeforeHeadersMillis + extraDelay);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FIXED -> "FakeResponse.json(" + status + ", " + body.length + " bytes)";
            case SSE ->
                "FakeResponse.sse(" + events.size() + " events"
                        + (sendDone ? "" : ", withoutDone") + (dropAfter >= 0 ? ", dropAfter " + dropAfter : "")
                        + ")";
            case CHUNKED ->
                "FakeResponse.chunked(" + status + ", " + chunks.size() + " chunks"
                        + (dropAfter >= 0 ? ", dropAfter " + dropAfter : "") + ")";
            case CLOSE -> "FakeResponse.closeWithoutResponse()";
            case DYNAMIC -> "FakeResponse.dynamic(...)";
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    private void requireKind(String option, Kind... allowed) {
        for (Kind k : allowed) {
            if (kind == k) {
                return;
            }
        }
        throw new IllegalStateException(option + "() is not supported on " + this);
    }

    /** Applies an edit to the JSON body, or to every JSON-object payload of a stream. */
    private FakeResponse mapJson(String option, java.util.function.Consumer<ObjectNode> edit) {
        requireKind(option, Kind.FIXED, Kind.SSE);
        FakeResponse c = copy();
        if (kind == Kind.FIXED) {
            JsonNode node = parseOrNull(new String(body, StandardCharsets.UTF_8));
            if (node instanceof ObjectNode object) {
                edit.accept(object);
                c.body = toJson(object).getBytes(StandardCharsets.UTF_8);
            }
        } else {
            List<String> updated = new ArrayList<>();
            for (String payload : events) {
                JsonNode node = parseOrNull(payload);
                if (node instanceof ObjectNode object) {
                    edit.accept(object);
                    updated.add(toJson(object));
                } else {
                    updated.add(payload);
                }
            }
            c.events = List.copyOf(updated);
        }
        return c;
    }

    private static FakeResponse completion(ObjectNode message, String finishReason, int completionTokens) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", randomId("chatcmpl-", 29));
        root.put("object", "chat.completion");
        root.put("created", Instant.now().getEpochSecond());
        root.put("model", DEFAULT_MODEL);
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        root.set("usage", usage(DEFAULT_PROMPT_TOKENS, completionTokens));
        root.put("service_tier", "default");
        root.put("system_fingerprint", randomFingerprint());
        return json(200, toJson(root)).header("x-request-id", randomId("req_", 32));
    }

    static ObjectNode usage(int promptTokens, int completionTokens) {
        ObjectNode usage = MAPPER.createObjectNode();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
        promptDetails.put("cached_tokens", 0);
        promptDetails.put("audio_tokens", 0);
        ObjectNode completionDetails = usage.putObject("completion_tokens_details");
        completionDetails.put("reasoning_tokens", 0);
        completionDetails.put("audio_tokens", 0);
        completionDetails.put("accepted_prediction_tokens", 0);
        completionDetails.put("rejected_prediction_tokens", 0);
        return usage;
    }

    private static int estimateTokens(String text) {
        return Math.max(1, (text == null ? 0 : text.length() + 3) / 4);
    }

    static String randomId(String prefix, int length) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    private static String randomFingerprint() {
        return "fp_" + String.format("%010x", RANDOM.nextLong() & 0xFFFFFFFFFFL);
    }

    static String toJson(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parseOrNull(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    /** The id/created/model/fingerprint shared by all chunks of one stream. */
    private record StreamIdentity(String id, long created, String model, String fingerprint) {

        static StreamIdentity fresh() {
            return new StreamIdentity(
                    randomId("chatcmpl-", 29), Instant.now().getEpochSecond(), DEFAULT_MODEL, randomFingerprint());
        }

        /** One {@code chat.completion.chunk} with a single choice (index 0). */
        String chunk(ObjectNode delta, String finishReason) {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("id", id);
            root.put("object", "chat.completion.chunk");
            root.put("created", created);
            root.put("model", model);
            root.put("service_tier", "default");
            root.put("system_fingerprint", fingerprint);
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason);
            return toJson(root);
        }
    }
}
