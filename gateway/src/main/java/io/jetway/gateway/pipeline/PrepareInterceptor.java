package io.jetway.gateway.pipeline;

import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.messages.TranslatedMessages;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.provider.ProviderRequest;
import java.util.List;

/**
 * Maps the caller's request for the current target: the provider prepares the upstream call (URL,
 * headers, body; pure, no I/O) and the result goes on the exchange for the steps below (cache, send).
 * Fields the provider lacks are reported on the answer in {@code x-jetway-dropped-params}, whether
 * the answer came from the provider or from the cache (the same request drops the same fields); not
 * {@code n} when the provider's call leaves it out because the pipeline makes one call per choice
 * ({@link ChoicesInterceptor}).
 */
final class PrepareInterceptor implements Interceptor {

    private final ProviderRegistry providers;

    PrepareInterceptor(ProviderRegistry providers) {
        this.providers = providers;
    }

    @Override
    public GatewayResponse intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        Provider provider = providers.get(exchange.target().provider(), "x-portkey-provider");
        ProviderCall call =
                new ProviderCall(exchange.request(), exchange.target(), exchange.traceId(), exchange.receivedAt());
        long started = System.nanoTime();
        Endpoint endpoint = exchange.request().endpoint();
        if (!provider.endpoints().contains(endpoint == Endpoint.MESSAGES ? Endpoint.CHAT : endpoint)) {
            throw unsupported(provider, endpoint);
        }
        PreparedCall preparedCall = switch (endpoint) {
            case CHAT -> new PreparedCall(provider, call, provider.translate(call), started);
            case EMBEDDINGS -> new PreparedCall(provider, call, provider.prepareEmbeddings(call), null, started);
            case MODELS -> new PreparedCall(provider, call, provider.prepareModels(call), null, started);
            // Anthropic's Messages: natively where the provider speaks them, else through its chat translation.
            case MESSAGES ->
                new PreparedCall(
                        provider,
                        call,
                        provider.messagesNative(call)
                                ? provider.translateMessages(call)
                                : TranslatedMessages.translate(provider, call),
                        started);
        };
        ProviderRequest prepared = preparedCall.request();
        exchange.prepared(preparedCall);
        GatewayResponse answer = chain.proceed();
        List<String> dropped = prepared.droppedParams();
        if (dropped.contains("n") && ChoicesInterceptor.calls(preparedCall) > 1) {
            dropped = dropped.stream().filter(p -> !p.equals("n")).toList();
        }
        if (!dropped.isEmpty()) {
            answer.headers().put("x-jetway-dropped-params", String.join(",", dropped));
        }
        return answer;
    }

    /** A 400 naming what the provider serves and which providers serve the endpoint. */
    private GatewayException unsupported(Provider provider, Endpoint endpoint) {
        java.util.Set<Endpoint> served = java.util.EnumSet.copyOf(provider.endpoints());
        if (served.contains(Endpoint.CHAT)) {
            served.add(Endpoint.MESSAGES);
        }
        String serves = served.stream().sorted().map(Endpoint::path).collect(java.util.stream.Collectors.joining(", "));
        return GatewayException.invalidRequest(
                "The provider " + provider.id() + " does not serve " + endpoint.path()
                        + "; it serves " + serves + ". Providers that serve " + endpoint.path() + ": "
                        + String.join(", ", providers.serving(endpoint)) + ".",
                "x-portkey-provider");
    }
}
