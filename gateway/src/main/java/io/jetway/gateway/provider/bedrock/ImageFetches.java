package io.jetway.gateway.provider.bedrock;

import io.jetway.gateway.core.GatewayException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches a request's image URLs in parallel, within one deadline: at most {@link #MAX_PARALLEL}
 * at once, each on a virtual thread of its own, so that four slow images cost one wait, not four.
 * The deadline is the request's {@code request_timeout} when it has one (it bounds the whole
 * upstream exchange, images included: expiry is a 408, as for the provider call), otherwise
 * {@link #DEFAULT_LIMIT} (expiry is a 400: the caller's image host is too slow). It bounds each
 * fetch as a whole, body included. When it passes, or a fetch fails, the fetches still running are
 * interrupted, which ends java.net.http's waits.
 */
final class ImageFetches {

    static final int MAX_PARALLEL = 8;
    static final Duration DEFAULT_LIMIT = Duration.ofSeconds(30);

    /** One image URL to fetch, with the request field that named it (for errors). */
    record Wanted(String url, URI uri, String param) {}

    private ImageFetches() {}

    /**
     * The images, by URL, in the order wanted.
     *
     * @param requestTimeout the caller's {@code request_timeout}, or null
     * @throws GatewayException the first fetch's failure, or the deadline's (408 or 400)
     */
    static Map<String, ImageFetcher.Image> fetch(ImageFetcher fetcher, List<Wanted> wanted, Duration requestTimeout) {
        int n = wanted.size();
        if (n == 0) {
            return Map.of();
        }
        Duration limit = requestTimeout != null ? requestTimeout : DEFAULT_LIMIT;
        ImageFetcher.Image[] images = new ImageFetcher.Image[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger left = new AtomicInteger(n);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch over = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>(Math.min(n, MAX_PARALLEL));
        for (int w = 0; w < Math.min(n, MAX_PARALLEL); w++) {
            workers.add(Thread.ofVirtual().name("jetway-image-fetch").start(() -> {
                for (int i; (i = next.getAndIncrement()) < n && failure.get() == null; ) {
                    Wanted x = wanted.get(i);
                    try {
                        images[i] = fetcher.fetch(x.uri(), x.param());
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                        over.countDown();
                        return;
                    }
                    if (left.decrementAndGet() == 0) {
                        over.countDown();
                    }
                }
            }));
        }
        try {
            boolean done = over.await(limit.toNanos(), TimeUnit.NANOSECONDS);
            if (failure.get() != null) {
                throw failure.get();
            }
            if (!done) {
                String waitingFor = null;
                for (int i = 0; i < n && waitingFor == null; i++) {
                    waitingFor = images[i] == null ? wanted.get(i).param() : null;
                }
                String message = "The request's image URLs were not all fetched within " + limit.toMillis()
                        + " ms (still waiting for " + waitingFor + ")";
                throw requestTimeout != null
                        ? GatewayException.timeout(true, message + ", the request_timeout.")
                        : GatewayException.invalidRequest(
                                message + ": make the image available from a faster host"
                                        + " or send it as a data URL.",
                                waitingFor,
                                "image_fetch_failed");
            }
            Map<String, ImageFetcher.Image> fetched = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                fetched.put(wanted.get(i).url(), images[i]);
            }
            return fetched;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GatewayException.invalidRequest(
                    "Fetching the images was interrupted.", wanted.getFirst().param(), "image_fetch_failed");
        } finally {
            for (Thread worker : workers) {
                worker.interrupt(); // the ones still fetching: nobody waits for them any more
            }
        }
    }
}
