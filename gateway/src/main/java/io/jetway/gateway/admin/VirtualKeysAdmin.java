package io.jetway.gateway.admin;

import static io.jetway.gateway.admin.AdminAnswers.conflict;
import static io.jetway.gateway.admin.AdminAnswers.deleted;
import static io.jetway.gateway.admin.AdminAnswers.notFound;
import static io.jetway.gateway.admin.AdminAnswers.send;

import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.VirtualKey;
import io.jetway.api.model.VirtualKeyList;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.HeaderValues;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Redaction;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.store.CachedLookups;
import io.jetway.gateway.store.JdbcStore;
import io.jetway.gateway.store.Store;
import io.jetway.gateway.store.StoreException;
import io.jetway.gateway.store.StoredVirtualKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /v1/admin/virtual-keys}. A virtual key is shown without its secrets: which are set, and
 * at most the API key's last 4 characters.
 */
final class VirtualKeysAdmin {

    /** One thing wrong with a sent field: the field ({@code param}) and what to fix. */
    private record Problem(String param, String message) {}

    private final Store store;
    private final CachedLookups lookups;
    private final ProviderRegistry providers;

    VirtualKeysAdmin(Store store, CachedLookups lookups, ProviderRegistry providers) {
        this.store = store;
        this.lookups = lookups;
        this.providers = providers;
    }

    void list(ServerResponse response) {
        VirtualKeyList list =
                new VirtualKeyList()._object(VirtualKeyList.ObjectEnum.LIST).data(new ArrayList<>());
        store.virtualKeys().forEach(k -> list.addDataItem(view(k)));
        send(response, 200, list);
    }

    void create(ServerResponse response, String id, VirtualKeyFields sent) {
        StoredVirtualKey created;
        try {
            created = store.createVirtualKey(apply(id, sent, null));
        } catch (StoreException.AlreadyExists e) {
            throw conflict("A virtual key with id '" + id + "' already exists; update it with PATCH "
                    + "/v1/admin/virtual-keys/" + id + ".");
        }
        lookups.invalidateVirtualKeys();
        send(response, 201, view(created));
    }

    void get(ServerResponse response, String id) {
        send(response, 200, view(store.virtualKey(id).orElseThrow(() -> notFound("virtual key", id))));
    }

    void update(ServerResponse response, String id, VirtualKeyFields sent) {
        StoredVirtualKey current = store.virtualKey(id).orElseThrow(() -> notFound("virtual key", id));
        StoredVirtualKey updated =
                store.updateVirtualKey(apply(id, sent, current)).orElseThrow(() -> notFound("virtual key", id));
        lookups.invalidateVirtualKeys();
        send(response, 200, view(updated));
    }

    void delete(ServerResponse response, String id) {
        if (!store.deleteVirtualKey(id)) {
            throw notFound("virtual key", id);
        }
        lookups.invalidateVirtualKeys();
        send(response, 200, deleted(id, "virtual_key"));
    }

    /**
     * The fields sent, applied over {@code base} (null on create): a field left out or null keeps
     * its value, an empty string removes it. Every problem is reported in one 400, whose
     * {@code param} is the first problem's field.
     */
    private StoredVirtualKey apply(String id, VirtualKeyFields sent, StoredVirtualKey base) {
        List<Problem> problems = new ArrayList<>();
        String provider = base == null ? null : base.provider();
        String apiKey = base == null ? null : base.apiKey();
        String customHost = base == null ? null : base.customHost();
        boolean allowCallerCustomHost = base != null && base.allowCallerCustomHost();
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        if (base != null) {
            options.putAll(base.options());
        }
        String p = sent.provider();
        if (p != null) {
            String normalized = p.strip().toLowerCase(Locale.ROOT);
            if (normalized.isEmpty()) {
                problems.add(new Problem("provider", "provider must not be empty"));
            } else if (!providers.ids().contains(normalized)) {
                problems.add(new Problem(
                        "provider",
                        "provider '" + p + "' is unknown; supported: " + String.join(", ", providers.ids())));
            } else {
                provider = normalized;
            }
        }
        String host = sent.customHost();
        if (host != null) {
            if (host.isBlank()) {
                customHost = null;
            } else if (!isHttpUrl(host.strip())) {
                problems.add(new Problem(
                        "custom_host",
                        "custom_host must be an absolute http(s) URL (e.g. https://proxy.example.com/v1)"));
            } else if (URI.create(host.strip()).getRawUserInfo() != null) {
                // Refused at request time too: credentials in a URL end up in logs and proxies' records.
                problems.add(new Problem(
                        "custom_host", "custom_host must not hold credentials (user:password@): put them in api_key"));
            } else {
                customHost = host.strip();
            }
        }
        if (sent.allowCallerCustomHost() != null) {
            allowCallerCustomHost = sent.allowCallerCustomHost();
        }
        String key = sent.apiKey();
        if (key != null) {
            apiKey = key.isEmpty() ? null : key;
            headerValue("api_key", key, problems);
        }
        for (Map.Entry<ProviderOption, String> o : sent.options().entrySet()) {
            ProviderOption option = o.getKey();
            String v = o.getValue();
            if (option.sentUpstreamAsText()) {
                // Sent upstream in a header (the service account is read here, never sent).
                headerValue(option.configKey(), v, problems);
            }
            if (v.isEmpty()) {
                options.remove(option);
            } else {
                options.put(option, v);
            }
        }
        if (!problems.isEmpty()) {
            throw GatewayException.invalidRequest(
                    "Invalid virtual key: "
                            + String.join(
                                    "; ",
                                    problems.stream().map(Problem::message).toList()) + ".",
                    problems.getFirst().param());
        }
        return new StoredVirtualKey(id, provider, apiKey, customHost, allowCallerCustomHost, options, null, null);
    }

    /**
     * A value that travels in an upstream header: a line break or non-ASCII character is refused here,
     * where the admin can fix it, instead of failing every request that uses the key (never quoted).
     */
    private static void headerValue(String field, String value, List<Problem> problems) {
        String problem = HeaderValues.problem(value);
        if (problem != null) {
            problems.add(new Problem(field, field + " " + problem));
        }
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI uri = new URI(s);
            return uri.isAbsolute()
                    && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A virtual key as the API shows it: no secret, only which are set. */
    private static VirtualKey view(StoredVirtualKey k) {
        VirtualKey v = new VirtualKey()
                .id(k.id())
                ._object(VirtualKey.ObjectEnum.VIRTUAL_KEY)
                .provider(k.provider())
                .allowCallerCustomHost(k.allowCallerCustomHost())
                .apiKeyLast4(JdbcStore.last4(k.apiKey()))
                .secrets(new ArrayList<>())
                .createdAt(k.createdAt().getEpochSecond())
                .updatedAt(k.updatedAt().getEpochSecond());
        if (k.customHost() != null) {
            // Keys stored before credentials in URLs were refused: never shown back.
            v.setCustomHost(Redaction.url(k.customHost()));
        }
        if (k.apiKey() != null) {
            v.addSecretsItem(VirtualKey.SecretsEnum.API_KEY);
        }
        k.options().forEach((option, value) -> VirtualKeyFields.show(v, option, value));
        return v;
    }
}
