package io.jetway.gateway.provider.vertex;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.google.GoogleProvider;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model as {@code vertex-ai} takes it: the publisher whose API serves it and the id that goes
 * into the URL ({@code …/publishers/{publisher}/models/{id}:…}).
 *
 * <p>Accepted spellings: the bare id ({@code gemini-2.5-flash}; {@code claude-*} ids are
 * Anthropic's), Portkey's publisher-prefixed form ({@code google.gemini-2.5-flash},
 * {@code anthropic.claude-sonnet-4-5@20250929}) and the resource form
 * ({@code publishers/anthropic/models/claude-sonnet-4-5@20250929}). Claude ids keep their
 * {@code @version} suffix, which Vertex requires for a pinned version
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude).
 *
 * <p>The id becomes one path segment, so it is checked rather than encoded: letters, digits,
 * {@code .}, {@code _}, {@code -} and {@code @} only, which are all literal in a path
 * (unreserved characters and {@code @}, a {@code pchar} of RFC 3986 §3.3), and no {@code ..}.
 *
 * @param publisher whose API serves the model
 * @param id        the id for the URL, publisher prefix removed
 */
record VertexModel(Publisher publisher, String id) {

    /** The Model Garden publishers vertex-ai can translate for. */
    enum Publisher {
        /** Gemini: {@code :generateContent}, the Gemini wire format. */
        GOOGLE,
        /** Claude: {@code :rawPredict}, Anthropic's Messages format. */
        ANTHROPIC
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");
    /** Other Model Garden publishers, whose models are written {@code publisher.model}. */
    private static final Set<String> OTHER_PUBLISHERS = Set.of(
            "meta",
            "mistralai",
            "endpoints",
            "ai21",
            "qwen",
            "deepseek-ai",
            "openai",
            "xai",
            "zai-org",
            "moonshotai",
            "minimaxai");

    private static final String RESOURCE = "publishers/";

    /**
     * The model of a request.
     *
     * @throws GatewayException 400 when it is missing, malformed, or another publisher's model
     */
    static VertexModel parse(String model) {
        if (model == null || model.isBlank()) {
            throw GatewayException.invalidRequest("model is required.", "model");
        }
        String m = model.strip();
        String lower = m.toLowerCase(Locale.ROOT);
        Publisher publisher;
        String id;
        if (lower.startsWith(RESOURCE)) {
            // publishers/{publisher}/models/{id}
            String[] parts = m.split("/", -1);
            if (parts.length != 4 || !parts[2].equals("models")) {
                throw invalid(model);
            }
            publisher = publisher(parts[1].toLowerCase(Locale.ROOT), model);
            id = parts[3];
        } else if (lower.startsWith("google.")) {
            publisher = Publisher.GOOGLE;
            id = m.substring("google.".length());
        } else if (lower.startsWith("anthropic.")) {
            publisher = Publisher.ANTHROPIC;
            id = m.substring("anthropic.".length());
        } else if (lower.startsWith("claude")) {
            publisher = Publisher.ANTHROPIC;
            id = m;
        } else {
            int dot = lower.indexOf('.');
            if (dot > 0 && OTHER_PUBLISHERS.contains(lower.substring(0, dot))) {
                throw otherPublisher(model);
            }
            publisher = Publisher.GOOGLE;
            id = m;
        }
        if (!ID.matcher(id).matches() || id.contains("..")) {
            throw invalid(model);
        }
        return new VertexModel(publisher, id);
    }

    /**
     * The publisher a model id names, without validating it: for reading answers to a call whose
     * request {@link #parse} already accepted.
     */
    static Publisher publisherOf(String model) {
        if (model == null) {
            return Publisher.GOOGLE;
        }
        String lower = model.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("claude") || lower.startsWith("anthropic.") || lower.startsWith(RESOURCE + "anthropic/")
                ? Publisher.ANTHROPIC
                : Publisher.GOOGLE;
    }

    /** The URL path of a call, from {@code /publishers} on. */
    String path(boolean stream) {
        return switch (publisher) {
            case GOOGLE -> "/publishers/google/models/" + id + GoogleProvider.method(stream);
            case ANTHROPIC -> "/publishers/anthropic/models/" + id + (stream ? ":streamRawPredict" : ":rawPredict");
        };
    }

    private static Publisher publisher(String name, String model) {
        return switch (name) {
            case "google" -> Publisher.GOOGLE;
            case "anthropic" -> Publisher.ANTHROPIC;
            default -> throw otherPublisher(model);
        };
    }

    private static GatewayException otherPublisher(String model) {
        return GatewayException.invalidRequest(
                "vertex-ai serves Gemini (publisher google) and Claude (publisher " + "anthropic) models; '" + model
                        + "' is another publisher's model, which is not supported yet.",
                "model",
                "unsupported_model");
    }

    private static GatewayException invalid(String model) {
        return GatewayException.invalidRequest(
                "The model '" + model + "' is not a valid Vertex model id (e.g. "
                        + "gemini-2.5-flash or claude-sonnet-4-5@20250929).",
                "model");
    }
}
