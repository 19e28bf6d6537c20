package io.jetway.bench.spike;

import io.jetway.gateway.upstream.UpstreamRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What every prototype does with a request, written once: the two paths it serves, relayed to the
 * upstream as they came ({@code /v1/chat/completions} answers JSON, {@code /sse/v1/chat/completions}
 * an SSE stream); which request headers go on (all but hop-by-hop ones, Host and Content-Length, which
 * the client sets); how an answer goes back (JSON with its Content-Length; a stream chunked, each read
 * from the upstream written and flushed as it arrives, never the whole stream at once); and the
 * OpenAI-style error a prototype answers when it cannot relay.
 */
final class Relay {

    static final String JSON_PATH = "/v1/chat/completions";
    static final String SSE_PATH = "/sse/v1/chat/completions";
    /** Limit on each wait for the upstream (Jetway's default upstream timeout is of this order). */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Largest request body accepted (the benchmark's are ~200 bytes). */
    static final int MAX_BODY = 1 << 20;
    static final int BUFFER = 16 * 1024;

    final String upstreamHost;
    final int upstreamPort;
    private final URI jsonUri;
    private final URI sseUri;

    Relay(URI upstream) {
        this.upstreamHost = upstream.getHost();
        this.upstreamPort = upstream.getPort() < 0 ? 80 : upstream.getPort();
        String base = "http://" + upstreamHost + ":" + upstreamPort;
        this.jsonUri = URI.create(base + JSON_PATH);
        this.sseUri = URI.create(base + SSE_PATH);
    }

    static boolean routed(String path) {
        return JSON_PATH.equals(path) || SSE_PATH.equals(path);
    }

    /** The upstream URL for a routed path. */
    URI uri(String path) {
        return SSE_PATH.equals(path) ? sseUri : jsonUri;
    }

    String hostHeader() {
        return upstreamHost + ":" + upstreamPort;
    }

    UpstreamRequest request(String path, Map<String, String> headers, byte[] body) {
        return new UpstreamRequest(uri(path), headers, body, TIMEOUT, false);
    }

    /** Whether a request header goes on to the upstream. */
    static boolean forwarded(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
                 "host", "content-length", "expect" -> false;
            default -> true;
        };
    }

    /** Whether an answer is a stream (relayed chunked, flushed per read) rather than one JSON body. */
    static boolean isStream(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
    }

    /** {"error":{"message":…,"type":"proxy_error","param":null,"code":null}} */
    static byte[] error(String message) {
        StringBuilder sb = new StringBuilder(message.length() + 80).append("{\"error\":{\"message\":\"");
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append("\",\"type\":\"proxy_error\",\"param\":null,\"code\":null}}")
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] notFound(String method, String path) {
        return error("This proxy relays POST " + JSON_PATH + " and POST " + SSE_PATH + ", not " + method + " "
                + path + ".");
    }
}
