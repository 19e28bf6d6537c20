package io.jetway.gateway.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Fixtures under {@code conformance/vertex-ai/} and the calls and upstream answers built from them. */
final class VertexFixtures {

    static final Instant RECEIVED = Instant.parse("2026-05-06T10:00:00Z");

    private VertexFixtures() {}

    /** A file of the conformance case {@code conformance/vertex-ai/<name>/}. */
    static byte[] caseBytes(String name, String file) {
        return io.jetway.gateway.provider.conformance.ConformanceCases.text(VertexProvider.ID, name, file)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The body of the conformance case's {@code error.upstream.json}, as the provider sent it. */
    static byte[] errorBody(String name) {
        try {
            return Json.MAPPER.writeValueAsBytes(
                    json(caseBytes(name, "error.upstream.json")).get("body"));
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

    static JsonNode parse(String text) {
        return json(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A request as the gateway's parser validates it. */
    static ChatRequest request(byte[] json) {
        return new RequestParser(Json.MAPPER).parse("application/json", json);
    }

    static ChatRequest request(String json) {
        return request(json.getBytes(StandardCharsets.UTF_8));
    }

    static ProviderCall call(ChatRequest request, String apiKey, URI customHost, Map<ProviderOption, String> options) {
        return call(request, apiKey, customHost, null, options, true);
    }

    static ProviderCall call(
            ChatRequest request,
            String apiKey,
            URI customHost,
            ObjectNode overrides,
            Map<ProviderOption, String> options,
            boolean strict) {
        EnumMap<ProviderOption, String> opts = new EnumMap<>(ProviderOption.class);
        opts.putAll(options);
        return new ProviderCall(
                request,
                new Target(VertexProvider.ID, apiKey, customHost, overrides, opts, null, Map.of(), strict),
                "trace-vertex",
                RECEIVED);
    }

    static UpstreamRequest upstreamRequest() {
        return new UpstreamRequest(
                URI.create("https://us-east5-aiplatform.googleapis.com/v1/x"),
                Map.of(),
                new byte[0],
                Duration.ofSeconds(30),
                false);
    }

    /** A 200 upstream answer whose body is these bytes. */
    static UpstreamResponse upstreamResponse(byte[] body) {
        return new UpstreamResponse() {
            @Override
            public int status() {
                return 200;
            }

            @Override
            public void forEachHeader(java.util.function.BiConsumer<String, String> action) {
                // no headers
            }

            @Override
            public String header(String name) {
                return "content-type".equalsIgnoreCase(name) ? "text/event-stream" : null;
            }

            @Override
            public InputStream body() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public byte[] readAll() {
                return body;
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
