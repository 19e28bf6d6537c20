package io.jetway.contract.support;

import io.jetway.sse.SseDecoder;
import io.jetway.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Reads a whole SSE body into its events, with the project's spec-compliant decoder. */
public final class Sse {

    private Sse() {}

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

    /** The events' data in a whole SSE body read as text (e.g. with {@link #cutOff()}). */
    public static List<String> data(String body) {
        return data(new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A body handler for an answer that must end cut off, as a broken stream does (its error event, then
     * the connection closed with no proper end of the body): its text up to the cut. The call fails when
     * the body ended properly instead. Unlike {@code BodyHandlers.ofInputStream()}, which drops what it
     * had not handed to its reader when the connection fails, it keeps every byte that arrived.
     */
    public static HttpResponse.BodyHandler<String> cutOff() {
        return info -> new CutOff();
    }

    private static final class CutOff implements HttpResponse.BodySubscriber<String> {
        private final CompletableFuture<String> text = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public CompletionStage<String> getBody() {
            return text;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                byte[] a = new byte[b.remaining()];
                b.get(a);
                bytes.writeBytes(a);
            }
        }

        @Override
        public void onError(Throwable cut) {
            if (cut instanceof IOException) {
                text.complete(bytes.toString(StandardCharsets.UTF_8));
            } else {
                text.completeExceptionally(cut);
            }
        }

        @Override
        public void onComplete() {
            text.completeExceptionally(new AssertionError("the body ended properly, not cut off after its error "
                    + "event: " + bytes.toString(StandardCharsets.UTF_8)));
        }
    }
}
