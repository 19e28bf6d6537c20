package io.jetway.gateway.server;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.IdGenerator;
import io.jetway.gateway.core.PortkeyHeaders;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.RequestMetadata;
import io.jetway.gateway.pipeline.Exchange;
import io.jetway.gateway.pipeline.GatewayAuth;
import io.jetway.gateway.pipeline.Pipeline;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the pipeline's endpoints besides chat share with it: the caller authenticated on the headers
 * before anything of the body is read, the {@code x-portkey-*} headers read as chat reads them, one
 * run of the pipeline and its answer (or error) written. The headers are read from the request by
 * name (the generated operation hands the same values over one parameter each; chat's own endpoint
 * takes them from there).
 */
final class PipelineCalls {

    /**
     * The request's body, whole (empty when it has none). The server refuses a body over
     * JETWAY_MAX_BODY_BYTES (413): a declared one before this reads it, a chunked one when it crosses
     * the limit. Called by the generated operations' body readers, after {@link #authenticate}.
     */
    static byte[] body(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        try {
            return io.jetway.gateway.upstream.Bodies.read(
                    request.content().inputStream(),
                    request.headers().contentLength().orElse(-1),
                    Integer.MAX_VALUE - 16);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final GatewayAuth auth;
    private final Consumer<String> authRefused;
    private final Pipeline pipeline;
    private final ResponseWriter writer;
    private final IdGenerator ids;
    private final Clock clock;
    /** Whether Anthropic's own headers stand in for Portkey's ({@code /v1/messages}). */
    private final boolean anthropicHeaders;

    PipelineCalls(
            GatewayAuth auth,
            Consumer<String> authRefused,
            Pipeline pipeline,
            ResponseWriter writer,
            IdGenerator ids,
            Clock clock) {
        this.auth = auth;
        this.authRefused = authRefused;
        this.pipeline = pipeline;
        this.writer = writer;
        this.ids = ids;
        this.clock = clock;
        this.anthropicHeaders = false;
    }

    private PipelineCalls(PipelineCalls calls, ResponseWriter writer) {
        this.auth = calls.auth;
        this.authRefused = calls.authRefused;
        this.pipeline = calls.pipeline;
        this.writer = writer;
        this.ids = calls.ids;
        this.clock = calls.clock;
        this.anthropicHeaders = true;
    }

    /**
     * These calls in Anthropic's dialect ({@code /v1/messages}): errors written in Anthropic's shape,
     * and the Anthropic SDKs' {@code anthropic-version} / {@code anthropic-beta} headers read as
     * {@code x-portkey-anthropic-version} / {@code -beta} when those are not given.
     */
    PipelineCalls anthropic() {
        return new PipelineCalls(this, writer.anthropic());
    }

    /** A 401 before the body is read; counted as chat counts its refusals. */
    void authenticate(ServerRequest request) {
        try {
            auth.authenticate(request.headers().first(GATEWAY_API_KEY).orElse(null));
        } catch (GatewayException refused) {
            authRefused.accept(refused.code());
            throw refused;
        }
    }

    /** Runs the pipeline for {@code body} and writes its answer or error. */
    void answer(ServerRequest request, ServerResponse response, ChatRequest body) {
        String traceId = ChatCompletionsEndpoint.traceId(request, ids);
        run(response, body, anthropicHeaders ? anthropicHeaders(request, traceId) : headers(request, traceId), traceId);
    }

    /** Runs the pipeline for {@code body} with the request's headers already read, and writes the outcome. */
    void run(ServerResponse response, ChatRequest body, PortkeyHeaders headers, String traceId) {
        Exchange exchange = new Exchange(body, headers, traceId, clock.instant());
        exchange.responseHeaders().put("x-portkey-trace-id", traceId);
        // Until the cache step decides (a request refused before it was never looked up).
        exchange.responseHeaders().put("x-portkey-cache-status", "DISABLED");
        try {
            exchange.metadata(RequestMetadata.parse(exchange.headers().metadata()));
            GatewayResponse answer = pipeline.execute(exchange);
            writer.write(response, exchange.responseHeaders(), answer);
        } catch (GatewayException e) {
            writer.writeError(response, exchange.responseHeaders(), e);
        }
    }

    /** The {@code x-portkey-*} headers, checked as chat checks them (400s naming the header). */
    static PortkeyHeaders headers(ServerRequest request, String traceId) {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        for (ProviderOption option : ProviderOption.values()) {
            String v = text(request, option.header());
            if (v != null && !v.isBlank()) {
                if (option.sentUpstreamAsText()) {
                    ChatCompletionsEndpoint.headerSafe(v, option.header());
                }
                options.put(option, v);
            }
        }
        String forwardValue = text(request, "x-portkey-forward-headers");
        List<String> forward = forwardValue == null
                ? null
                : Arrays.stream(forwardValue.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
        String timeout = text(request, "x-portkey-request-timeout");
        return new PortkeyHeaders(
                text(request, "x-portkey-provider"),
                text(request, "x-portkey-config"),
                text(request, "x-portkey-virtual-key"),
                text(request, "x-portkey-api-key"),
                ChatCompletionsEndpoint.providerKey(request),
                text(request, "x-portkey-custom-host"),
                traceId,
                text(request, "x-portkey-span-id"),
                text(request, "x-portkey-parent-span-id"),
                text(request, "x-portkey-span-name"),
                text(request, "x-portkey-metadata"),
                ChatCompletionsEndpoint.bool(request, CACHE_FORCE_REFRESH).orElse(null),
                text(request, "x-portkey-cache-namespace"),
                ChatCompletionsEndpoint.bool(request, STRICT_OPEN_AI_COMPLIANCE).orElse(null),
                timeout == null ? null : ChatCompletionsEndpoint.requestTimeout(timeout),
                forward,
                options,
                name -> request.headers().first(HeaderNames.create(name)).orElse(null));
    }

    /** As {@link #headers}, with {@code anthropic-version} and {@code anthropic-beta} as the Anthropic SDKs send them. */
    static PortkeyHeaders anthropicHeaders(ServerRequest request, String traceId) {
        PortkeyHeaders headers = headers(request, traceId);
        // The options map is this request's own (made by headers()): Portkey's header wins when both came.
        anthropic(request, headers.options(), ProviderOption.ANTHROPIC_VERSION, "anthropic-version");
        anthropic(request, headers.options(), ProviderOption.ANTHROPIC_BETA, "anthropic-beta");
        return headers;
    }

    private static void anthropic(
            ServerRequest request, EnumMap<ProviderOption, String> options, ProviderOption option, String header) {
        String v = text(request, header);
        if (v != null && !v.isBlank() && !options.containsKey(option)) {
            options.put(option, ChatCompletionsEndpoint.headerSafe(v.strip(), header));
        }
    }

    private static String text(ServerRequest request, String name) {
        return request.headers().first(HeaderNames.create(name)).orElse(null);
    }

    private static final HeaderName GATEWAY_API_KEY = HeaderNames.create("x-portkey-api-key");
    private static final HeaderName CACHE_FORCE_REFRESH = HeaderNames.create("x-portkey-cache-force-refresh");
    private static final HeaderName STRICT_OPEN_AI_COMPLIANCE =
            HeaderNames.create("x-portkey-strict-open-ai-compliance");
}
