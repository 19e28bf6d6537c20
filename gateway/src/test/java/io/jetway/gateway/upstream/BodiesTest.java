package io.jetway.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodiesTest {

    private static final byte[] BODY = "{\"object\":\"chat.completion\"}".getBytes(StandardCharsets.UTF_8);

    /** Hands out at most 3 bytes per read, like a socket delivering a body in pieces. */
    private static InputStream trickle(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 3));
            }
        };
    }

    @Test
    void aBodyOfDeclaredLengthIsReadWhole() throws IOException {
        assertArrayEquals(BODY, Bodies.read(trickle(BODY), BODY.length, 1024));
    }

    @Test
    void aBodyOfUnknownLengthIsReadToItsEnd() throws IOException {
        assertArrayEquals(BODY, Bodies.read(trickle(BODY), -1, 1024));
    }

    @Test
    void anEmptyDeclaredBodyIsEmpty() throws IOException {
        assertEquals(0, Bodies.read(new ByteArrayInputStream(new byte[0]), 0, 1024).length);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        assertThrows(Bodies.TooLargeException.class, () -> Bodies.read(trickle(BODY), 2048, 1024));
    }

    @Test
    void anUndeclaredBodyOverTheLimitIsRefused() {
        assertThrows(Bodies.TooLargeException.class, () -> Bodies.read(trickle(BODY), -1, BODY.length - 1));
    }

    @Test
    void aBodyEndingBeforeItsDeclaredLengthIsAnError() {
        EOFException e = assertThrows(EOFException.class, () -> Bodies.read(trickle(BODY), BODY.length + 5, 1024));
        assertEquals(
                "the body ended after " + BODY.length + " of its declared " + (BODY.length + 5) + " bytes",
                e.getMessage());
    }

    @Test
    void aBodyLongerThanItsDeclaredLengthIsAnError() {
        IOException e = assertThrows(IOException.class, () -> Bodies.read(trickle(BODY), BODY.length - 2, 1024));
        assertEquals("the body is longer than its declared " + (BODY.length - 2) + " bytes", e.getMessage());
    }
}
