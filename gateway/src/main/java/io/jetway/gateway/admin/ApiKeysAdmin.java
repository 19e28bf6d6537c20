package io.jetway.gateway.admin;

import static io.jetway.gateway.admin.AdminAnswers.deleted;
import static io.jetway.gateway.admin.AdminAnswers.notFound;
import static io.jetway.gateway.admin.AdminAnswers.send;

import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.ApiKey;
import io.jetway.api.model.ApiKeyCreated;
import io.jetway.api.model.ApiKeyList;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.store.ApiKeyHash;
import io.jetway.gateway.store.CachedLookups;
import io.jetway.gateway.store.Store;
import io.jetway.gateway.store.StoredApiKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;

/**
 * {@code /v1/admin/api-keys}: gateway API keys. A key is shown once, in the answer that creates it;
 * only its hash and last 4 characters are kept.
 */
final class ApiKeysAdmin {

    private static final String API_KEY_PREFIX = "jw-";

    private final Store store;
    private final CachedLookups lookups;
    private final SecureRandom random;

    ApiKeysAdmin(Store store, CachedLookups lookups, SecureRandom random) {
        this.store = store;
        this.lookups = lookups;
        this.random = random;
    }

    void list(ServerResponse response) {
        ApiKeyList list = new ApiKeyList()._object(ApiKeyList.ObjectEnum.LIST).data(new ArrayList<>());
        store.apiKeys().forEach(k -> list.addDataItem(view(k)));
        send(response, 200, list);
    }

    void create(ServerResponse response, String name) {
        String checkedName = name(name);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = API_KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        String id = "ak-" + HexFormat.of().formatHex(idBytes);
        StoredApiKey k = store.createApiKey(id, checkedName, ApiKeyHash.of(key), key.substring(key.length() - 4));
        lookups.invalidateApiKeys();
        send(
                response,
                201,
                new ApiKeyCreated()
                        .id(k.id())
                        ._object(ApiKeyCreated.ObjectEnum.API_KEY)
                        .name(k.name())
                        .key(key)
                        .keyLast4(k.keyLast4())
                        .createdAt(k.createdAt().getEpochSecond())
                        .updatedAt(k.updatedAt().getEpochSecond()));
    }

    void get(ServerResponse response, String id) {
        send(response, 200, view(store.apiKey(id).orElseThrow(() -> notFound("API key", id))));
    }

    void rename(ServerResponse response, String id, String name) {
        StoredApiKey renamed = store.renameApiKey(id, name(name)).orElseThrow(() -> notFound("API key", id));
        lookups.invalidateApiKeys();
        send(response, 200, view(renamed));
    }

    void delete(ServerResponse response, String id) {
        if (!store.deleteApiKey(id)) {
            throw notFound("API key", id);
        }
        lookups.invalidateApiKeys();
        send(response, 200, deleted(id, "api_key"));
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw GatewayException.invalidRequest("name must not be blank.", "name");
        }
        return name.strip();
    }

    private static ApiKey view(StoredApiKey k) {
        return new ApiKey()
                .id(k.id())
                ._object(ApiKey.ObjectEnum.API_KEY)
                .name(k.name())
                .keyLast4(k.keyLast4())
                .createdAt(k.createdAt().getEpochSecond())
                .updatedAt(k.updatedAt().getEpochSecond());
    }
}
