package io.jetway.gateway.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.requests.RequestParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Fixtures under {@code providers/google/} and {@code conformance/google/}, and calls built the way the gateway builds them. */
final class GeminiFixtures {

    static final String TRACE_ID = "trace-gemini-1";
    static final Instant RECEIVED_AT = Instant.parse("2026-01-01T00:00:00Z");

    private GeminiFixtures() {}

    static String text(String path) {
        try (InputStream in = GeminiFixtures.class.getResourceAsStream("/providers/google/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture providers/google/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the conformance case {@code conformance/google/<name>/}. */
    static String caseText(String name, String file) {
        return io.jetway.gateway.provider.conformance.ConformanceCases.text("google", name, file);
    }

    static byte[] caseBytes(String name, String file) {
        return caseText(name, file).getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request parsed and validated as the endpoint does. */
    static ChatRequest request(String json) {
        return new RequestParser(Json.MAPPER).parse("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static Target target(String provider, String apiKey, boolean strict) {
        return target(provider, apiKey, null, null, Map.of(), strict);
    }

    static Target target(
            String provider,
            String apiKey,
            URI customHost,
            ObjectNode overrides,
            Map<ProviderOption, String> options,
            boolean strict) {
        EnumMap<ProviderOption, String> opts = new EnumMap<>(ProviderOption.class);
        opts.putAll(options);
        return new Target(provider, apiKey, customHost, overrides, opts, null, Map.of(), strict);
    }

    static ProviderCall call(String requestJson, Target target) {
        return new ProviderCall(request(requestJson), target, TRACE_ID, RECEIVED_AT);
    }

    static ProviderCall call(String requestJson, boolean strict) {
        return call(requestJson, target("google", "test-key", strict));
    }
}
