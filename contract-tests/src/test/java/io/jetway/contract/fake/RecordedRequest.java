package io.jetway.contract.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One HTTP request as received by {@link FakeUpstream}, fully read (body de-chunked if the client
 * used {@code Transfer-Encoding: chunked}).
 *
 * <p>Header lookups are case-insensitive, as in HTTP:
 *
 * <pre>{@code
 * RecordedRequest req = upstream.takeRequest();
 * assertThat(req.method()).isEqualTo("POST");
 * assertThat(req.path()).isEqualTo("/v1/chat/completions");
 * assertThat(req.header("authorization")).isEqualTo("Bearer sk-test");
 * assertThat(req.bodyJson().path("model").asText()).isEqualTo("gpt-4o-mini");
 * }</pre>
 *
 * <p>Instances are immutable.
 */
public final class RecordedRequest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String method;
    private final String path;
    private final String httpVersion;
    private final List<Map.Entry<String, String>> headerLines;
    private final byte[] body;
    private final int connectionIndex;

    RecordedRequest(
            String method,
            String path,
            String httpVersion,
            List<Map.Entry<String, String>> headerLines,
            byte[] body,
            int connectionIndex) {
        this.method = method;
        this.path = path;
        this.httpVersion = httpVersion;
        this.headerLines = List.copyOf(headerLines);
        this.body = body.clone();
        this.connectionIndex = connectionIndex;
    }

    /** The request method, e.g. {@code POST}. */
    public String method() {
        return method;
    }

    /** The request target as sent, including any query string, e.g. {@code /v1/models?limit=2}. */
    public String path() {
        return path;
    }

    /** The path without the query string. */
    public String pathWithoutQuery() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** The protocol version from the request line, e.g. {@code HTTP/1.1}. */
    public String httpVersion() {
        return httpVersion;
    }

    /** The first value of the named header (case-insensitive), or {@code null} if absent. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headerLines) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** All values of the named header (case-insensitive), in the order received; empty if absent. */
    public List<String> headerValues(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> h : headerLines) {
            if (h.getKey().equalsIgnoreCase(name)) {
                values.add(h.getValue());
            }
        }
        return Collections.unmodifiableList(values);
    }

    /** The header names in the order first received, with the case the client used. */
    public Set<String> headerNames() {
        Set<String> seenLower = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<String, String> h : headerLines) {
            if (seenLower.add(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                names.add(h.getKey());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** All headers as an unmodifiable map whose keys compare case-insensitively. */
    public Map<String, List<String>> headers() {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> h : headerLines) {
            map.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(map);
    }

    /** The raw body bytes (a copy); empty if the request had no body. */
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body parsed as JSON.
     *
     * @throws AssertionError if the body is empty or not valid JSON (so a test fails with the body
     *     shown)
     */
    public JsonNode bodyJson() {
        if (body.length == 0) {
            throw new AssertionError("Request body is empty, expected JSON: " + method + " " + path);
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("Request body is not valid JSON: " + bodyText(), e);
        }
    }

    /**
     * 1-based index of the TCP connection this request arrived on, in accept order. Two requests
     * with the same index were sent over the same (kept-alive) connection.
     */
    public int connectionIndex() {
        return connectionIndex;
    }

    @Override
    public String toString() {
        String text = bodyText();
        if (text.length() > 500) {
            text = text.substring(0, 500) + "...(" + body.length + " bytes)";
        }
        return method + " " + path + " (connection #" + connectionIndex + ") headers=" + headerLines + " body=" + text;
    }
}
