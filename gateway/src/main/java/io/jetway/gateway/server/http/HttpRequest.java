package io.jetway.gateway.server.http;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One request as the server read it: its head ({@link RequestHead}) and its body, decoded when it
 * came with a {@code Content-Encoding} the server reads (then the head's {@code Content-Encoding} and
 * {@code Content-Length} fields are left out, since they describe bytes the handler never sees).
 */
public final class HttpRequest {

    private final RequestHead head;
    private final List<String> names;
    private final List<String> values;
    private final InputStream body;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final long id;

    HttpRequest(
            RequestHead head,
            List<String> names,
            List<String> values,
            InputStream body,
            InetSocketAddress remote,
            InetSocketAddress local,
            long id) {
        this.head = head;
        this.names = names;
        this.values = values;
        this.body = body;
        this.remote = remote;
        this.local = local;
        this.id = id;
    }

    public String method() {
        return head.method();
    }

    /** The path as sent (still percent-encoded). */
    public String path() {
        return head.path();
    }

    /** The query without its {@code ?}, as sent, or null. */
    public String rawQuery() {
        return head.rawQuery();
    }

    public boolean http10() {
        return head.http10();
    }

    /** Field names in the order sent (a name may repeat); {@link #headerValues()} holds their values. */
    public List<String> headerNames() {
        return names;
    }

    public List<String> headerValues() {
        return values;
    }

    /** The first value of a field, by case-insensitive name, or null. */
    public String header(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    public boolean hasBody() {
        return head.hasBody();
    }

    /** The body, read as it arrives; empty when there is none. */
    public InputStream body() {
        return body;
    }

    public InetSocketAddress remoteAddress() {
        return remote;
    }

    public InetSocketAddress localAddress() {
        return local;
    }

    /** A number unique to this request within the server's life. */
    public long id() {
        return id;
    }
}
