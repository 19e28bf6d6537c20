package io.jetway.contract.support;

import io.jetway.sse.SseDecoder;
import io.jetway.sse.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a whole SSE body into its events, with the project's spec-compliant decoder. */
public final class Sse {

    private Sse() {
    }

    public static List<SseEvent> events(InputStream body) {
        try (body) {
            SseDecoder decoder = new SseDecoder(body);
            List<SseEvent> events = new ArrayList<>();
            for (SseEvent e = decoder.next(); e != null; e = decoder.next()) {
                events.add(e);
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> data(InputStream body) {
        return events(body).stream().map(SseEvent::data).toList();
    }
}
