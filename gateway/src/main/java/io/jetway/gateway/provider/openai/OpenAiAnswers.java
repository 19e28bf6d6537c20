package io.jetway.gateway.provider.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.io.IOException;

/**
 * The check of a 2xx non-stream answer that an OpenAI-format provider's answer passes through
 * unchanged (OpenAI, every compatible provider, Azure): it must be one well-formed JSON object. An
 * HTML page, an empty or truncated body is a 502 (and, being no answer, is never cached), as it is
 * for the providers whose answers are mapped. A streaming scan: every token is read, nothing is
 * built, and the same pass reads the answer's facts ({@link OpenAiFacts}).
 */
public final class OpenAiAnswers {

    private static final JsonFactory JSON = Json.MAPPER.getFactory();

    private OpenAiAnswers() {}

    /**
     * @return {@code body}, unchanged
     * @throws GatewayException 502 when {@code body} is not one JSON object
     */
    public static byte[] checked(String providerId, byte[] body) {
        return checked(providerId, body, new CallFacts.Recorder());
    }

    /**
     * As {@link #checked(String, byte[])}, the same pass recording the answer's id, model, finish
     * reasons and usage in {@code facts}.
     */
    public static byte[] checked(String providerId, byte[] body, CallFacts.Recorder facts) {
        if (!isJsonObject(body, facts)) {
            throw new GatewayException(
                    502,
                    GatewayException.UPSTREAM,
                    "The provider " + providerId + " answered with a body that is not valid JSON"
                            + (body.length == 0 ? " (it was empty)." : "."),
                    null,
                    "invalid_upstream_answer");
        }
        return body;
    }

    /** Whether {@code body} is exactly one JSON object (whitespace around it allowed). */
    static boolean isJsonObject(byte[] body) {
        return isJsonObject(body, new CallFacts.Recorder());
    }

    private static boolean isJsonObject(byte[] body, CallFacts.Recorder facts) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            OpenAiFacts.read(p, facts); // reads every token up to the matching end: a syntax error throws
            return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
