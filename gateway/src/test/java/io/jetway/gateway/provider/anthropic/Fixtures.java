package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.sse.SseDecoder;
import io.jetway.sse.SseEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Test fixtures under {@code providers/anthropic/} and {@code conformance/anthropic/}, and the calls built from them. */
final class Fixtures {

    static final Instant RECEIVED = Instant.parse("2026-05-06T10:00:00Z");
    static final String TRACE = "trace-0001";

    private Fixtures() {}

    static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/providers/anthropic/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the conformance case {@code conformance/anthropic/<name>/}. */
    static byte[] caseBytes(String name, String file) {
        return io.jetway.gateway.provider.conformance.ConformanceCases.text(AnthropicProvider.ID, name, file)
                .getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode json(String path) {
        return json(bytes(path));
    }

    static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inline JSON text, parsed. */
    static JsonNode parse(String text) {
        return json(text.getBytes(StandardCharsets.UTF_8));
    }

    static ChatRequest request(byte[] raw) {
        try {
            return new ChatRequest(raw, Json.MAPPER.readValue(raw, CreateChatCompletionRequest.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ChatRequest request(String inlineJson) {
        return request(inlineJson.getBytes(StandardCharsets.UTF_8));
    }

    static Target target(boolean strict) {
        return target(strict, null, null, new EnumMap<>(ProviderOption.class));
    }

    static Target target(
            boolean strict, URI customHost, ObjectNode overrides, EnumMap<ProviderOption, String> options) {
        return new Target(AnthropicProvider.ID, "sk-ant-test", customHost, overrides, options, null, Map.of(), strict);
    }

    static ProviderCall call(ChatRequest request, boolean strict) {
        return new ProviderCall(request, target(strict), TRACE, RECEIVED);
    }

    static ProviderCall call(ChatRequest request, Target target) {
        return new ProviderCall(request, target, TRACE, RECEIVED);
    }

    /** The stream mapper the provider's translation of {@code call} reads its stream with. */
    static AnthropicStreamMapper streamMapper(ProviderCall call) {
        return ((AnthropicReader) new AnthropicProvider().translate(call).reader())
                .streamMapper(new io.jetway.gateway.core.CallFacts.Recorder());
    }

    static List<SseEvent> events(byte[] sse) {
        SseDecoder decoder = new SseDecoder(new ByteArrayInputStream(sse));
        List<SseEvent> events = new ArrayList<>();
        try {
            for (SseEvent e = decoder.next(); e != null; e = decoder.next()) {
                events.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** Runs a whole stream through a mapper; the chunks it produced. Fails if the stream never ended. */
    static List<String> runStream(AnthropicStreamMapper mapper, List<SseEvent> events) {
        List<String> out = new ArrayList<>();
        for (SseEvent e : events) {
            if (mapper.onEvent(e, out)) {
                return out;
            }
        }
        throw mapper.truncated();
    }
}
