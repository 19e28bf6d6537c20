package io.jetway.gateway.upstream;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.common.uri.UriInfo;
import io.helidon.common.uri.UriPath;
import io.helidon.common.uri.UriQuery;
import io.helidon.webclient.api.ClientUri;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;
import io.jetway.gateway.core.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Helidon's blocking WebClient: on a virtual thread a blocking call costs no platform thread, and
 * there is no hand-off to a selector thread between the socket and the gateway (one less context
 * switch per read than {@code java.net.http}). Connections are kept alive and pooled per host.
 * Redirects are not followed (a provider redirect is an error to surface, not to chase).
 */
public final class HelidonUpstreamClient implements UpstreamClient {

    /** Bodies larger than this are refused rather than buffered (non-stream answers only). */
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private final WebClient client;

    public HelidonUpstreamClient(Duration connectTimeout) {
        WebClientConfig.Builder builder = WebClient.builder()
                .connectTimeout(connectTimeout)
                .followRedirects(false)
                .keepAlive(true)
                .sendExpectContinue(false);
        if (!systemProxyConfigured(System.getProperties())) {
            // Asking the system proxy selector on every request showed in the profile; with none
            // configured its answer is always "direct".
            builder.proxy(Proxy.noProxy());
        }
        this.client = builder.build();
    }

    /**
     * Whether the JVM is configured to use a proxy (the properties the default
     * {@link java.net.ProxySelector} reads), in which case upstream calls keep asking it.
     */
    static boolean systemProxyConfigured(java.util.Properties props) {
        for (String p : new String[] {"http.proxyHost", "https.proxyHost", "socksProxyHost"}) {
            String v = props.getProperty(p);
            if (v != null && !v.isBlank()) {
                return true;
            }
        }
        java.net.ProxySelector selector = java.net.ProxySelector.getDefault();
        return Boolean.parseBoolean(props.getProperty("java.net.useSystemProxies"))
                || selector != null && !selector.getClass().getName().equals("sun.net.spi.DefaultProxySelector");
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        HttpClientRequest http = client.post().uri(clientUri(request.uri())).readTimeout(request.timeout());
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            http.header(HeaderNames.create(h.getKey()), h.getValue());
        }
        try {
            HttpClientResponse response = http.submit(request.body());
            return new Response(response, request);
        } catch (RuntimeException e) {
            throw UpstreamFailures.map(e, request, "connecting or waiting for the response headers");
        }
    }

    /**
     * The URI exactly as prepared: Helidon's {@code uri(URI)} decodes the path, so {@code %3A}
     * would go out as {@code :} and {@code %2F} as {@code /} (a different path, and a SigV4
     * signature computed over the encoded path would no longer match). The raw path and query are
     * handed over as they are.
     */
    static ClientUri clientUri(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        UriInfo.Builder info = UriInfo.builder().scheme(uri.getScheme()).host(uri.getHost()).port(port)
                .path(UriPath.create(path));
        if (uri.getRawQuery() != null) {
            info.query(UriQuery.create(uri.getRawQuery()));
        }
        return ClientUri.create(info.build());
    }

    private static final class Response implements UpstreamResponse {
        private final HttpClientResponse response;
        private final UpstreamRequest request;

        Response(HttpClientResponse response, UpstreamRequest request) {
            this.response = response;
            this.request = request;
        }

        @Override
        public int status() {
            return response.status().code();
        }

        @Override
        public String header(String name) {
            HeaderName headerName = HeaderNames.create(name);
            return response.headers().contains(headerName) ? response.headers().get(headerName).get() : null;
        }

        @Override
        public void forEachHeader(java.util.function.BiConsumer<String, String> action) {
            for (io.helidon.http.Header h : response.headers()) {
                action.accept(h.name(), h.get());
            }
        }

        @Override
        public InputStream body() {
            return response.inputStream();
        }

        @Override
        public byte[] readAll() {
            try (InputStream in = response.inputStream()) {
                return Bodies.read(in, response.headers().contentLength().orElse(-1), MAX_BODY);
            } catch (Bodies.TooLargeException e) {
                throw GatewayException.badGateway("The provider's answer is larger than " + MAX_BODY + " bytes.");
            } catch (IOException | UncheckedIOException e) {
                throw UpstreamFailures.map(e, request, "reading the response body");
            } catch (RuntimeException e) {
                throw UpstreamFailures.map(e, request, "reading the response body");
            }
        }

        @Override
        public void close() {
            try {
                response.close();
            } catch (RuntimeException ignored) {
                // Closing a broken connection may fail again; the connection is discarded either way.
            }
        }
    }
}
