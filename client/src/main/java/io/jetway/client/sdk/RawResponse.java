package io.jetway.client.sdk;

import java.net.http.HttpHeaders;
import java.util.Arrays;
import java.util.List;

/**
 * An answer with its HTTP status and headers, from {@link JetwayClient#withRawResponse()}. Names the
 * headers Jetway sets: the trace id, the request fields the provider does not use
 * ({@code x-jetway-dropped-params}), the cache status; every other header (a provider's
 * {@code x-ratelimit-*}, {@code x-request-id} …) through {@link #headers()}.
 *
 * @param <T> the parsed answer
 */
public final class RawResponse<T> {

    private final int statusCode;
    private final HttpHeaders headers;
    private final int retries;
    private final T value;

    RawResponse(int statusCode, HttpHeaders headers, int retries, T value) {
        this.statusCode = statusCode;
        this.headers = headers;
        this.retries = retries;
        this.value = value;
    }

    public int statusCode() {
        return statusCode;
    }

    /** All response headers (names case-insensitive). */
    public HttpHeaders headers() {
        return headers;
    }

    /** The first value of the header {@code name}, or null. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** {@code x-portkey-trace-id}: the id to find the call in the gateway's logs and traces. */
    public String traceId() {
        return header("x-portkey-trace-id");
    }

    /** {@code x-jetway-dropped-params}: the request fields the chosen provider does not use (empty when none). */
    public List<String> droppedParams() {
        String v = header("x-jetway-dropped-params");
        return v == null || v.isBlank()
                ? List.of()
                : Arrays.stream(v.split(",")).map(String::trim).toList();
    }

    /** {@code x-portkey-cache-status}, e.g. {@code HIT}, {@code MISS}; null when caching was off. */
    public String cacheStatus() {
        return header("x-portkey-cache-status");
    }

    /** How many times the call was retried before this answer (0 when the first attempt answered). */
    public int retries() {
        return retries;
    }

    /** The parsed answer. */
    public T value() {
        return value;
    }

    <U> RawResponse<U> withValue(U other) {
        return new RawResponse<>(statusCode, headers, retries, other);
    }
}
