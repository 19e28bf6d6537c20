package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.TokenUsage;
import io.jetway.gateway.provider.StreamMapper;
import io.jetway.sse.SseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Anthropic's Messages answers relayed as they are (the native {@code /v1/messages} path of
 * {@code anthropic}, Claude on {@code vertex-ai} and {@code bedrock}): the body or each stream event
 * goes to the caller unchanged, and only what the gateway must know (id, model, stop reason, usage:
 * {@link CallFacts}) is read on the way. A stream's payloads are whole SSE events,
 * {@code event: <type>\ndata: <json>} ({@link #frame}), as Anthropic writes them
 * (https://docs.claude.com/en/docs/build-with-claude/streaming); only {@code message_start},
 * {@code message_delta} and {@code error} are parsed.
 */
public final class MessagesRelay implements StreamMapper {

    private final CallFacts.Recorder facts;
    private final String provider;
    private long input;
    private long cacheRead;
    private long cacheWrite;
    private long output;
    private boolean usageSeen;

    /** @param provider the provider's id, for errors */
    public MessagesRelay(CallFacts.Recorder facts, String provider) {
        this.facts = facts;
        this.provider = provider;
    }

    /** How a provider maps a non-2xx answer. */
    public interface Errors {
        GatewayException map(int status, byte[] body, java.util.function.Function<String, String> headers);
    }

    /** How a provider opens its relayed stream. */
    public interface Streams {
        io.jetway.gateway.core.ChunkSource open(
                io.jetway.gateway.upstream.UpstreamRequest request,
                io.jetway.gateway.upstream.UpstreamResponse response,
                CallFacts.Recorder facts);
    }

    /** The reader of a native Messages call: the answer relayed ({@link #relayed}), the stream opened by {@code streams}. */
    public static io.jetway.gateway.provider.Translation.Reader reader(Errors errors, Streams streams) {
        return new io.jetway.gateway.provider.Translation.Reader() {
            @Override
            public byte[] answer(byte[] upstreamBody, CallFacts.Recorder facts) {
                return relayed(upstreamBody, facts);
            }

            @Override
            public io.jetway.gateway.core.ChunkSource stream(
                    io.jetway.gateway.upstream.UpstreamRequest request,
                    io.jetway.gateway.upstream.UpstreamResponse response,
                    CallFacts.Recorder facts) {
                return streams.open(request, response, facts);
            }

            @Override
            public GatewayException error(
                    int status, byte[] body, java.util.function.Function<String, String> headers) {
                return errors.map(status, body, headers);
            }
        };
    }

    /** The reader of a native Messages call whose stream is Anthropic's SSE, relayed event by event. */
    public static io.jetway.gateway.provider.Translation.Reader sse(String provider, Errors errors) {
        return reader(
                errors,
                (request, response, facts) -> io.jetway.gateway.provider.SseChunkSource.of(
                        request, response, new MessagesRelay(facts, provider)));
    }

    /** One stream payload: an SSE event of this type with this JSON data (no blank line after it). */
    public static String frame(String type, String data) {
        return "event: " + type + "\ndata: " + data;
    }

    /** Records a whole message's facts and hands the body back unchanged. */
    public static byte[] relayed(byte[] body, CallFacts.Recorder facts) {
        JsonNode message = parse(body);
        if (message != null) {
            facts.identity(text(message, "id"), text(message, "model"));
            String stop = text(message, "stop_reason");
            if (stop != null) {
                facts.finished(0, finishReason(stop));
            }
            JsonNode u = message.path("usage");
            if (u.isObject()) {
                long read = u.path("cache_read_input_tokens").asLong(0);
                long write = u.path("cache_creation_input_tokens").asLong(0);
                facts.usage(new TokenUsage(
                        u.path("input_tokens").asLong(0) + read + write,
                        read,
                        write,
                        u.path("output_tokens").asLong(0),
                        0,
                        false));
            }
        }
        return body;
    }

    /** One event as it came, or the event's type when the provider sent no {@code event:} line. */
    @Override
    public boolean onEvent(SseEvent event, List<String> out) {
        String data = event.data();
        String type = event.event();
        if (type == null || type.isEmpty() || type.equals("message")) {
            JsonNode node = parse(data.getBytes(StandardCharsets.UTF_8));
            type = node == null ? "message" : node.path("type").asText("message");
        }
        switch (type) {
            case "message_start" -> messageStart(data);
            case "message_delta" -> messageDelta(data);
            case "error" -> throw AnthropicErrorMapper.fromStreamEvent(data);
            default -> {
                // Relayed unread: pings, content blocks, event types Anthropic may add.
            }
        }
        out.add(frame(type, data));
        return type.equals("message_stop");
    }

    /** Records one event's facts (for sources that frame events themselves: Bedrock's chunks). */
    public String onData(String data) {
        JsonNode node = parse(data.getBytes(StandardCharsets.UTF_8));
        String type = node == null ? "message" : node.path("type").asText("message");
        switch (type) {
            case "message_start" -> messageStart(data);
            case "message_delta" -> messageDelta(data);
            case "error" -> throw AnthropicErrorMapper.fromStreamEvent(data);
            default -> {}
        }
        return type;
    }

    @Override
    public GatewayException truncated() {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider " + provider + " ended the stream "
                        + "before its message_stop event: the answer is incomplete.",
                null,
                "stream_truncated");
    }

    private void messageStart(String data) {
        JsonNode message = parse(data.getBytes(StandardCharsets.UTF_8));
        if (message == null) {
            return;
        }
        message = message.path("message");
        facts.identity(text(message, "id"), text(message, "model"));
        usage(message.path("usage"));
    }

    private void messageDelta(String data) {
        JsonNode delta = parse(data.getBytes(StandardCharsets.UTF_8));
        if (delta == null) {
            return;
        }
        String stop = text(delta.path("delta"), "stop_reason");
        if (stop != null) {
            facts.finished(0, finishReason(stop));
        }
        usage(delta.path("usage"));
    }

    /** Anthropic's counts are running totals: a later report of a count replaces the earlier one. */
    private void usage(JsonNode u) {
        if (!u.isObject()) {
            return;
        }
        input = u.path("input_tokens").isNumber() ? u.get("input_tokens").asLong() : input;
        cacheRead = u.path("cache_read_input_tokens").isNumber()
                ? u.get("cache_read_input_tokens").asLong()
                : cacheRead;
        cacheWrite = u.path("cache_creation_input_tokens").isNumber()
                ? u.get("cache_creation_input_tokens").asLong()
                : cacheWrite;
        output = u.path("output_tokens").isNumber() ? u.get("output_tokens").asLong() : output;
        usageSeen = true;
        facts.usage(new TokenUsage(input + cacheRead + cacheWrite, cacheRead, cacheWrite, output, 0, false));
    }

    /** Whether the stream reported any usage. */
    public boolean usageSeen() {
        return usageSeen;
    }

    private static String finishReason(String stopReason) {
        return AnthropicResponseMapper.finishReason(stopReason, "tool_use".equals(stopReason))
                .wire();
    }

    private static JsonNode parse(byte[] json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }
}
