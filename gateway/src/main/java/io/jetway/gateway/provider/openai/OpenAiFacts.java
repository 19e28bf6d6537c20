package io.jetway.gateway.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.TokenUsage;
import java.io.IOException;

/**
 * The facts of an OpenAI-format answer that passes through unchanged: read with a streaming parse
 * (nothing built, other members skipped) by the pass that checks a whole answer anyway
 * ({@link OpenAiAnswers}), and for a stream only from the chunks that can hold them (the first, a
 * chunk with a finish reason or a usage object: a lexical check finds those, see {@link #mayHoldFacts}).
 */
final class OpenAiFacts {

    private OpenAiFacts() {}

    /**
     * Reads one JSON object's top level into {@code facts}: {@code id}, {@code model},
     * {@code choices[].finish_reason} and {@code usage}. The parser stands on the object's start and
     * is left on its end.
     */
    static void read(JsonParser p, CallFacts.Recorder facts) throws IOException {
        String id = null;
        String model = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
                id = p.getText();
            } else if ("model".equals(name) && value == JsonToken.VALUE_STRING) {
                model = p.getText();
            } else if ("choices".equals(name) && value == JsonToken.START_ARRAY) {
                choices(p, facts);
            } else if ("usage".equals(name) && value == JsonToken.START_OBJECT) {
                facts.usage(usage(p));
            } else {
                p.skipChildren();
            }
        }
        facts.identity(id, model);
    }

    private static void choices(JsonParser p, CallFacts.Recorder facts) throws IOException {
        int position = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            int index = position++;
            String reason = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("index".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    index = p.getIntValue();
                } else if ("finish_reason".equals(name) && value == JsonToken.VALUE_STRING) {
                    reason = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (reason != null && index >= 0 && index < MAX_CHOICES) {
                facts.finished(index, reason);
            }
        }
    }

    /** A bound on the choice indexes recorded (a provider's index is not trusted to size a list). */
    private static final int MAX_CHOICES = 128;

    /** OpenAI's usage object: every count at least 0, details where given. */
    private static TokenUsage usage(JsonParser p) throws IOException {
        long in = 0, out = 0, cached = 0, write = 0, reasoning = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NUMBER_INT && "prompt_tokens".equals(field)) {
                in = p.getLongValue();
            } else if (v == JsonToken.VALUE_NUMBER_INT && "completion_tokens".equals(field)) {
                out = p.getLongValue();
            } else if (v == JsonToken.START_OBJECT && "prompt_tokens_details".equals(field)) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String d = p.currentName();
                    JsonToken dv = p.nextToken();
                    if (dv == JsonToken.VALUE_NUMBER_INT && "cached_tokens".equals(d)) {
                        cached = p.getLongValue();
                    } else if (dv == JsonToken.VALUE_NUMBER_INT && "cache_write_tokens".equals(d)) {
                        write = p.getLongValue();
                    } else {
                        p.skipChildren();
                    }
                }
            } else if (v == JsonToken.START_OBJECT && "completion_tokens_details".equals(field)) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String d = p.currentName();
                    JsonToken dv = p.nextToken();
                    if (dv == JsonToken.VALUE_NUMBER_INT && "reasoning_tokens".equals(d)) {
                        reasoning = p.getLongValue();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return new TokenUsage(
                Math.max(0, in),
                Math.max(0, cached),
                Math.max(0, write),
                Math.max(0, out),
                Math.max(0, reasoning),
                false);
    }

    /**
     * Whether a chunk's text can hold a fact beyond the first chunk's id and model: a
     * {@code "usage"} key followed by an object (not the {@code null} OpenAI sends on every chunk
     * when usage is asked for) or a {@code "finish_reason"} key followed by a string. A lexical
     * check is exact here: inside a JSON string a quote is escaped, so {@code "usage"} followed by a
     * colon can only be a key.
     */
    static boolean mayHoldFacts(String payload) {
        return hasUsageObject(payload) || keyFollowedBy(payload, "\"finish_reason\"", '"');
    }

    /** Whether a {@code "usage"} key is followed by an object (lexically, as {@link #mayHoldFacts}). */
    static boolean hasUsageObject(String payload) {
        return keyFollowedBy(payload, "\"usage\"", '{');
    }

    /**
     * Searches forwards: {@code String.indexOf} is a vectorised intrinsic, where {@code lastIndexOf}
     * compares byte by byte (it was 8 % of a streaming gateway's CPU, async-profiler, bench/README.md).
     */
    private static boolean keyFollowedBy(String payload, String key, char start) {
        int at = payload.indexOf(key);
        while (at >= 0) {
            int i = skipSpace(payload, at + key.length());
            if (i < payload.length() && payload.charAt(i) == ':') {
                i = skipSpace(payload, i + 1);
                if (i < payload.length() && payload.charAt(i) == start) {
                    return true;
                }
            }
            at = payload.indexOf(key, at + 1);
        }
        return false;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length()
                && (s.charAt(i) == ' ' || s.charAt(i) == '\n' || s.charAt(i) == '\r' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
