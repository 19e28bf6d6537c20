package io.jetway.gateway.admin;

import static io.jetway.gateway.admin.AdminAnswers.conflict;
import static io.jetway.gateway.admin.AdminAnswers.deleted;
import static io.jetway.gateway.admin.AdminAnswers.notFound;
import static io.jetway.gateway.admin.AdminAnswers.send;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.StoredConfigList;
import io.jetway.gateway.config.ConfigParser;
import io.jetway.gateway.config.RouteNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.store.CachedLookups;
import io.jetway.gateway.store.Store;
import io.jetway.gateway.store.StoreException;
import io.jetway.gateway.store.StoredConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/admin/configs}. A config is Portkey's config object, free-form in the spec (so it is a
 * JSON tree in the generated model); it is validated exactly as an inline {@code x-portkey-config}
 * would be ({@link ConfigParser}), plus: it holds no provider secret and names only virtual keys
 * that exist.
 */
final class ConfigsAdmin {

    private static final String VIRTUAL_KEY_NOT_FOUND = "virtual_key_not_found";

    private final Store store;
    private final CachedLookups lookups;

    ConfigsAdmin(Store store, CachedLookups lookups) {
        this.store = store;
        this.lookups = lookups;
    }

    void list(ServerResponse response) {
        StoredConfigList list =
                new StoredConfigList()._object(StoredConfigList.ObjectEnum.LIST).data(new ArrayList<>());
        store.configs().forEach(c -> list.addDataItem(view(c)));
        send(response, 200, list);
    }

    void create(ServerResponse response, String id, JsonNode config) {
        String json = checked(config);
        StoredConfig created;
        try {
            created = store.createConfig(id, json);
        } catch (StoreException.AlreadyExists e) {
            throw conflict("A config with id '" + id + "' already exists; update it with PATCH " + "/v1/admin/configs/"
                    + id + ".");
        }
        lookups.invalidateConfigs();
        send(response, 201, view(created));
    }

    void get(ServerResponse response, String id) {
        send(response, 200, view(store.config(id).orElseThrow(() -> notFound("config", id))));
    }

    void update(ServerResponse response, String id, JsonNode config) {
        String json = checked(config);
        StoredConfig updated = store.updateConfig(id, json).orElseThrow(() -> notFound("config", id));
        lookups.invalidateConfigs();
        send(response, 200, view(updated));
    }

    void delete(ServerResponse response, String id) {
        if (!store.deleteConfig(id)) {
            throw notFound("config", id);
        }
        lookups.invalidateConfigs();
        send(response, 200, deleted(id, "config"));
    }

    /** The config as stored, once it is valid, holds no secret and names only existing virtual keys. */
    private String checked(JsonNode config) {
        List<String> problems = new ArrayList<>(ConfigParser.problems(config));
        if (config instanceof ObjectNode obj) {
            secretsIn(obj, "config", problems);
        }
        if (!problems.isEmpty()) {
            throw GatewayException.invalidRequest("Invalid config: " + String.join("; ", problems) + ".", "config");
        }
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serialises", e);
        }
        requireVirtualKeys(ConfigParser.parse(json));
        return json;
    }

    /**
     * Every {@code virtual_key} a stored config names must exist when the config is saved; otherwise
     * the config would be accepted and every request using it would fail. One 400 names each
     * missing key with its path ({@code param}: the first one). A key deleted after the config was
     * saved is reported, with the config's id, by the request that meets it.
     */
    private void requireVirtualKeys(RouteNode config) {
        List<String> missing = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        missingVirtualKeys(config, missing, paths);
        if (!missing.isEmpty()) {
            throw GatewayException.invalidRequest(
                    String.join("; ", missing) + ": create "
                            + (missing.size() == 1 ? "it" : "them")
                            + " first (POST /v1/admin/virtual-keys), or name an "
                            + "existing virtual key.",
                    paths.getFirst(),
                    VIRTUAL_KEY_NOT_FOUND);
        }
    }

    private void missingVirtualKeys(RouteNode node, List<String> missing, List<String> paths) {
        String vk = node.virtualKey();
        if (vk != null && store.virtualKey(vk).isEmpty()) {
            missing.add(node.path() + ".virtual_key '" + vk + "' names no virtual key");
            paths.add(node.path() + ".virtual_key");
        }
        if (node.targets() != null) {
            for (RouteNode target : node.targets()) {
                missingVirtualKeys(target, missing, paths);
            }
        }
    }

    /**
     * Provider secrets in the config as sent: stored configs are shown by this API, secrets never
     * are, so targets use {@code virtual_key} instead. Read from the sent object itself, since the
     * parsed config keeps no record of where a secret was written.
     */
    private static void secretsIn(ObjectNode node, String path, List<String> problems) {
        if (node.has("api_key")) {
            problems.add(path + ".api_key is a provider secret, and stored configs hold none: create a virtual key "
                    + "(POST /v1/admin/virtual-keys) and use \"virtual_key\" instead");
        }
        for (ProviderOption option : ProviderOption.values()) {
            if (option.secret() && node.has(option.configKey())) {
                problems.add(path + "." + option.configKey() + " is a provider secret, and stored configs hold none: "
                        + "put it in a virtual key");
            }
        }
        if (node.get("targets") instanceof ArrayNode targets) {
            for (int i = 0; i < targets.size(); i++) {
                if (targets.get(i) instanceof ObjectNode t) {
                    secretsIn(t, path + ".targets[" + i + "]", problems);
                }
            }
        }
    }

    private static io.jetway.api.model.StoredConfig view(StoredConfig c) {
        JsonNode config;
        try {
            config = Json.MAPPER.readTree(c.json());
        } catch (JsonProcessingException e) {
            throw new StoreException("Stored config '" + c.id() + "' is not valid JSON", e);
        }
        return new io.jetway.api.model.StoredConfig()
                .id(c.id())
                ._object(io.jetway.api.model.StoredConfig.ObjectEnum.CONFIG)
                .config(config)
                .createdAt(c.createdAt().getEpochSecond())
                .updatedAt(c.updatedAt().getEpochSecond());
    }
}
