package io.jetway.gateway.provider.cohere;

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
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Fixture loading and call building for the Cohere tests (fixtures under providers/cohere/ and conformance/cohere/). */
final class CohereFixtures {

    static final String TRACE_ID = "trace-0001";
    static final Instant RECEIVED_AT = Instant.parse("2026-01-02T03:04:05Z");

    private CohereFixtures() {}

    /** A file of the conformance case {@code conformance/cohere/<name>/}. */
    static byte[] caseBytes(String name, String file) {
        return io.jetway.gateway.provider.conformance.ConformanceCases.text("cohere", name, file)
                .getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode tree(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        return tree(json.getBytes(StandardCharsets.UTF_8));
    }

    static ChatRequest request(String json) {
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        try {
            return new ChatRequest(raw, Json.MAPPER.readValue(raw, CreateChatCompletionRequest.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Target target(boolean strict) {
        return target(strict, null, null);
    }

    static Target target(boolean strict, URI customHost, ObjectNode overrides) {
        return new Target(
                "cohere",
                "co-test-key",
                customHost,
                overrides,
                new EnumMap<>(ProviderOption.class),
                null,
                Map.of(),
                strict);
    }

    static ProviderCall call(ChatRequest request, Target target) {
        return new ProviderCall(request, target, TRACE_ID, RECEIVED_AT);
    }

    /** A call for a minimal request with the given model and stream flags (for response mapping). */
    static ProviderCall call(String model, boolean stream, boolean includeUsage, boolean strict) {
        String json = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                + (stream ? ",\"stream\":true" : "")
                + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
        return call(request(json), target(strict));
    }

    /** The events of an SSE fixture, decoded by the shared decoder as the gateway does. */
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
}
