package io.jetway.gateway.server;

import io.helidon.common.GenericType;
import io.helidon.common.context.Context;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.uri.UriFragment;
import io.helidon.common.uri.UriInfo;
import io.helidon.common.uri.UriPath;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.RoutedPath;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.WritableHeaders;
import io.helidon.http.media.ReadableEntity;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.http.HttpSecurity;
import io.helidon.webserver.http.ServerRequest;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.server.http.HttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.Principal;
import java.security.cert.Certificate;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A request of Jetway's HTTP server ({@link HttpRequest}) as the generated services read it: the
 * Helidon SE {@link ServerRequest} they are written against (the services, not Helidon's server, are
 * the contract). What they use is here — headers, path and its parameters, query, body, context;
 * what only Helidon's own server offers (security, listener context, stream filters) is refused.
 * Helidon's value types are built when first asked for, so a request pays only for what its handler reads.
 */
final class RoutedRequest implements ServerRequest {

    private final HttpRequest request;
    private ServerRequestHeaders headers;
    private WritableHeaders<?> writable;
    private HttpPrologue prologue;
    private RoutedPath path;
    private UriQuery query;
    private Context context;
    private Entity entity;

    RoutedRequest(HttpRequest request) {
        this.request = request;
    }

    HttpRequest http() {
        return request;
    }

    /** The prologue as a service at {@code relativePath} sees it (routes match paths below their service's). */
    HttpPrologue prologue(String relativePath) {
        return HttpPrologue.create(
                request.http10() ? "HTTP/1.0" : "HTTP/1.1",
                "HTTP",
                request.http10() ? "1.0" : "1.1",
                Method.create(request.method()),
                UriPath.create(relativePath),
                query(),
                UriFragment.empty());
    }

    void path(RoutedPath routed) {
        this.path = routed;
    }

    @Override
    public HttpPrologue prologue() {
        if (prologue == null) {
            prologue = prologue(request.path());
        }
        return prologue;
    }

    @Override
    public ServerRequestHeaders headers() {
        if (headers == null) {
            writable = WritableHeaders.create();
            for (int i = 0; i < request.headerNames().size(); i++) {
                writable.add(HeaderValues.create(
                        HeaderNames.create(request.headerNames().get(i)),
                        request.headerValues().get(i)));
            }
            headers = ServerRequestHeaders.create(writable);
        }
        return headers;
    }

    @Override
    public RoutedPath path() {
        return path;
    }

    @Override
    public UriQuery query() {
        if (query == null) {
            query = request.rawQuery() == null ? UriQuery.empty() : UriQuery.create(request.rawQuery());
        }
        return query;
    }

    @Override
    public PeerInfo remotePeer() {
        return new Peer(request.remoteAddress());
    }

    @Override
    public PeerInfo localPeer() {
        return new Peer(request.localAddress());
    }

    @Override
    public String authority() {
        return request.header("host");
    }

    @Override
    public void header(Header header) {
        headers();
        writable.set(header);
    }

    @Override
    public int id() {
        return (int) request.id();
    }

    @Override
    public UriInfo requestedUri() {
        throw new UnsupportedOperationException("requestedUri is not offered by Jetway's server");
    }

    @Override
    public void reset() {
        // Nothing is kept between routes.
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public ReadableEntity content() {
        if (entity == null) {
            entity = new Entity();
        }
        return entity;
    }

    @Override
    public String socketId() {
        return request.remoteAddress().toString();
    }

    @Override
    public String serverSocketId() {
        return request.localAddress().toString();
    }

    @Override
    public Context context() {
        if (context == null) {
            context = Context.create();
        }
        return context;
    }

    @Override
    public ListenerContext listenerContext() {
        throw new UnsupportedOperationException("listenerContext is not offered by Jetway's server");
    }

    @Override
    public HttpSecurity security() {
        throw new UnsupportedOperationException("security is not offered by Jetway's server");
    }

    @Override
    public boolean continueSent() {
        return false;
    }

    @Override
    public void streamFilter(UnaryOperator<InputStream> filter) {
        throw new UnsupportedOperationException("stream filters are not offered by Jetway's server");
    }

    @Override
    public Optional<ProxyProtocolData> proxyProtocolData() {
        return Optional.empty();
    }

    /** The body: read once, as a stream or as JSON. */
    private final class Entity implements ReadableEntity {
        private boolean consumed;

        @Override
        public InputStream inputStream() {
            consumed = true;
            return request.body();
        }

        @Override
        public <T> T as(GenericType<T> type) {
            try {
                return Json.MAPPER.readValue(inputStream(), Json.MAPPER.constructType(type.type()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public <T> Optional<T> asOptional(GenericType<T> type) {
            return hasEntity() ? Optional.ofNullable(as(type)) : Optional.empty();
        }

        @Override
        public boolean hasEntity() {
            return request.hasBody();
        }

        @Override
        public boolean consumed() {
            return consumed;
        }

        @Override
        public ReadableEntity copy(Runnable onConsumed) {
            throw new UnsupportedOperationException("entity copies are not offered by Jetway's server");
        }
    }

    private record Peer(InetSocketAddress socket) implements PeerInfo {
        @Override
        public SocketAddress address() {
            return socket;
        }

        @Override
        public String host() {
            return socket.getHostString();
        }

        @Override
        public int port() {
            return socket.getPort();
        }

        @Override
        public Optional<Principal> tlsPrincipal() {
            return Optional.empty();
        }

        @Override
        public Optional<Certificate[]> tlsCertificates() {
            return Optional.empty();
        }
    }
}
