package io.jetway.gateway.observability;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jetway.gateway.core.Json;
import java.io.IOException;

/**
 * What observability needs from an answer: its id, model and token usage, read with a streaming
 * parse of the top level only (other members are skipped without building trees), stopping as
 * soon as everything wanted was seen.
 *
 * @param inputTokens  {@code usage.prompt_tokens}, or -1 when unknown
 * @param outputTokens {@code usage.completion_tokens}, or -1 when unknown
 * @param cachedTokens {@code usage.prompt_tokens_details.cached_tokens}, or 0
 * @param cacheWriteTokens {@code usage.prompt_tokens_details.cache_write_tokens}, or 0
 * @param reasoningTokens {@code usage.completion_tokens_details.reasoning_tokens}, or 0
 */
record AnswerFacts(String id, String model, long inputTokens, long outputTokens, long cachedTokens,
                   long cacheWriteTokens, long reasoningTokens) {

    static final AnswerFacts NONE = new AnswerFacts(null, null, -1, -1, 0, 0, 0);

    AnswerFacts(String id, String model, long inputTokens, long outputTokens) {
        this(id, model, inputTokens, outputTokens, 0, 0, 0);
    }

    /** The usage in the shared convention, or null when the answer reported none. */
    io.jetway.gateway.core.TokenUsage tokenUsage() {
        return hasUsage() ? new io.jetway.gateway.core.TokenUsage(Math.max(0, inputTokens), cachedTokens,
                cacheWriteTokens, Math.max(0, outputTokens), reasoningTokens, false) : null;
    }

    boolean hasUsage() {
        return inputTokens >= 0 || outputTokens >= 0;
    }

    /** These facts, completed by {@code later}'s where it knows more (stream chunks). */
    AnswerFacts with(AnswerFacts later) {
        boolean laterUsage = later.hasUsage();
        return new AnswerFacts(id != null ? id : later.id, model != null ? model : later.model,
                later.inputTokens >= 0 ? later.inputTokens : inputTokens,
                later.outputTokens >= 0 ? later.outputTokens : outputTokens,
                laterUsage ? later.cachedTokens : cachedTokens, laterUsage ? later.cacheWriteTokens : cacheWriteTokens,
                laterUsage ? later.reasoningTokens : reasoningTokens);
    }

    /** A whole {@code chat.completion}: id, model and usage. Unreadable bodies give what was read before. */
    static AnswerFacts ofCompletion(byte[] body) {
        return read(body, null, true);
    }

    /** A stream's chunk: id and model; usage too when the chunk carries a usage object. */
    static AnswerFacts ofChunk(String payload, boolean wantIdentity) {
        boolean usage = hasUsageObject(payload);
        if (!usage && !wantIdentity) {
            return NONE;
        }
        return read(null, payload, usage);
    }

    /**
     * Whether a chunk's text has {@code "usage"} followed by an object (not {@code null}, which
     * OpenAI sends on every chunk when usage is requested). A lexical check is exact here: inside
     * a JSON string a quote is escaped, so {@code "usage"} followed by a colon can only be a key.
     */
    static boolean hasUsageObject(String payload) {
        int at = payload.lastIndexOf("\"usage\"");
        while (at >= 0) {
            int i = skipSpace(payload, at + 7);
            if (i < payload.length() && payload.charAt(i) == ':') {
                i = skipSpace(payload, i + 1);
                return i < payload.length() && payload.charAt(i) == '{';
            }
            at = payload.lastIndexOf("\"usage\"", at - 1);
        }
        return false;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n' || s.charAt(i) == '\r'
                || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static AnswerFacts read(byte[] bytes, String text, boolean wantUsage) {
        String id = null;
        String model = null;
        long in = -1;
        long out = -1;
        long cached = 0;
        long cacheWrite = 0;
        long reasoning = 0;
        boolean usageSeen = !wantUsage;
        try (JsonParser p = bytes != null ? Json.MAPPER.createParser(bytes) : Json.MAPPER.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
                    id = p.getText();
                } else if ("model".equals(name) && value == JsonToken.VALUE_STRING) {
                    model = p.getText();
                } else if ("usage".equals(name) && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        if (v == JsonToken.VALUE_NUMBER_INT && "prompt_tokens".equals(field)) {
                            in = p.getLongValue();
                        } else if (v == JsonToken.VALUE_NUMBER_INT && "completion_tokens".equals(field)) {
                            out = p.getLongValue();
                        } else if (v == JsonToken.START_OBJECT && ("prompt_tokens_details".equals(field)
                                || "completion_tokens_details".equals(field))) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String detail = p.currentName();
                                JsonToken d = p.nextToken();
                                if (d != JsonToken.VALUE_NUMBER_INT) {
                                    p.skipChildren();
                                } else if ("cached_tokens".equals(detail)) {
                                    cached = p.getLongValue();
                                } else if ("cache_write_tokens".equals(detail)) {
                                    cacheWrite = p.getLongValue();
                                } else if ("reasoning_tokens".equals(detail)) {
                                    reasoning = p.getLongValue();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    usageSeen = true;
                } else {
                    p.skipChildren();
                }
                if (usageSeen && id != null && model != null) {
                    break;
                }
            }
        } catch (IOException unreadable) {
            // Observability never fails a request: keep what was read.
        }
        return new AnswerFacts(id, model, in, out, Math.max(0, cached), Math.max(0, cacheWrite),
                Math.max(0, reasoning));
    }
}
