package io.jetway.gateway.provider.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A file of a conformance case ({@code conformance/<provider>/<case>/<file>}), for unit tests that reuse it. */
public final class ConformanceCases {

    private ConformanceCases() {}

    public static String text(String provider, String name, String file) {
        String path = "/conformance/" + provider + "/" + name + "/" + file;
        try (InputStream in = ConformanceCases.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
