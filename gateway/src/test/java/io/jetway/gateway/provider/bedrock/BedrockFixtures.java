package io.jetway.gateway.provider.bedrock;

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
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;

/** Shared test inputs: fixtures, parsed requests, targets, a stub image fetcher. */
public final class BedrockFixtures {

    static final Instant AT = Instant.parse("2026-11-22T12:00:00Z");
    static final String TRACE = "trace-1";
    static final String BASE = "/providers/bedrock/";
    /** A 1×1 PNG, what the stub fetcher answers for every URL. */
    static final byte[] PNG = Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgAAAAAgAB5Sfe/AAAAABJRU5ErkJggg==");
    /** Answers every image URL with a 1×1 PNG, without any network. */
    public static final ImageFetcher STUB_IMAGES = (url, param) -> new ImageFetcher.Image(PNG, "image/png");

    /** Bedrock Runtime's Smithy model, which checks documented bodies. */
    public static final SmithyValidator SMITHY = SmithyValidator.load(BASE + "bedrock-runtime-converse.smithy.json");

    private BedrockFixtures() {}

    static byte[] bytes(String resource) {
        try (InputStream in = BedrockFixtures.class.getResourceAsStream(BASE + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String resource) {
        try {
            return Json.MAPPER.readTree(bytes(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ChatRequest request(byte[] raw) {
        return new RequestParser(Json.MAPPER).parse("application/json", raw);
    }

    static ChatRequest request(String json) {
        return request(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A target with AWS keys (no session token) in eu-west-1. */
    static Target awsTarget() {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.AWS_ACCESS_KEY_ID, "AKIDEXAMPLE");
        options.put(ProviderOption.AWS_SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        options.put(ProviderOption.AWS_REGION, "eu-west-1");
        return target(null, options, null, true, null);
    }

    static Target target(
            String apiKey,
            EnumMap<ProviderOption, String> options,
            URI customHost,
            boolean strict,
            ObjectNode overrides) {
        return new Target(BedrockProvider.ID, apiKey, customHost, overrides, options, null, Map.of(), strict);
    }

    static ProviderCall call(ChatRequest request, Target target) {
        return new ProviderCall(request, target, TRACE, AT);
    }
}
