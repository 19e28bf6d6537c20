package io.jetway.gateway.provider;

import io.jetway.gateway.core.GatewayException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The providers this gateway knows, by id. */
public final class ProviderRegistry {

    private final Map<String, Provider> byId = new LinkedHashMap<>();

    public ProviderRegistry(List<Provider> providers) {
        for (Provider p : providers) {
            if (byId.put(p.id(), p) != null) {
                throw new IllegalArgumentException("duplicate provider id " + p.id());
            }
        }
    }

    /**
     * The provider with that id.
     *
     * @param param where the id came from, for the error
     * @throws GatewayException 400 naming the supported providers
     */
    public Provider get(String id, String param) {
        Provider p = byId.get(id);
        if (p == null) {
            throw GatewayException.invalidRequest(
                    "Unknown provider '" + id + "'. Supported providers: " + String.join(", ", byId.keySet()) + ".",
                    param);
        }
        return p;
    }

    /** The ids of the providers that serve {@code endpoint}, in registration order. */
    public java.util.List<String> serving(io.jetway.gateway.core.Endpoint endpoint) {
        // Anthropic's Messages are served by every chat provider (natively or translated).
        io.jetway.gateway.core.Endpoint served =
                endpoint == io.jetway.gateway.core.Endpoint.MESSAGES ? io.jetway.gateway.core.Endpoint.CHAT : endpoint;
        return byId.values().stream()
                .filter(p -> p.endpoints().contains(served))
                .map(Provider::id)
                .toList();
    }

    public java.util.Set<String> ids() {
        return java.util.Collections.unmodifiableSet(byId.keySet());
    }
}
