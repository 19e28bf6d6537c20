package io.jetway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/** Set-up checks: a benchmark whose fixture maps to nothing (or to an error) must not produce a number. */
final class Check {

    private Check() {}

    static void contains(String what, String actual, String... expected) {
        if (actual == null || actual.isEmpty()) {
            throw new IllegalStateException(what + ": the mapped output is empty");
        }
        for (String e : expected) {
            if (!actual.contains(e)) {
                throw new IllegalStateException(what + ": expected " + e + " in " + actual);
            }
        }
    }

    static void equal(String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
    }

    /** The text the chunks' {@code choices[0].delta.content} add up to. */
    static String content(List<String> chunks) {
        StringBuilder sb = new StringBuilder();
        for (String chunk : chunks) {
            try {
                JsonNode content = Json.MAPPER
                        .readTree(chunk)
                        .path("choices")
                        .path(0)
                        .path("delta")
                        .path("content");
                if (content.isTextual()) {
                    sb.append(content.asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("a chunk is not JSON: " + chunk, e);
            }
        }
        return sb.toString();
    }
}
