package io.jetway.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.AdminDeleted;
import io.jetway.api.model.ApiKey;
import io.jetway.api.model.ApiKeyCreateRequest;
import io.jetway.api.model.ApiKeyCreated;
import io.jetway.api.model.ApiKeyList;
import io.jetway.api.model.ApiKeyUpdateRequest;
import io.jetway.api.model.StoredConfigCreateRequest;
import io.jetway.api.model.StoredConfigList;
import io.jetway.api.model.StoredConfigUpdateRequest;
import io.jetway.api.model.VirtualKey;
import io.jetway.api.model.VirtualKeyCreateRequest;
import io.jetway.api.model.VirtualKeyList;
import io.jetway.api.model.VirtualKeyUpdateRequest;
import io.jetway.gateway.config.ConfigParser;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.HeaderValues;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.Redaction;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.requestlog.RequestLog;
import io.jetway.gateway.store.RequestLogEntry;
import io.jetway.gateway.store.RequestLogQuery;
import io.jetway.api.model.RequestLogList;
import java.time.Instant;
import java.util.Optional;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.store.ApiKeyHash;
import io.jetway.gateway.store.CachedLookups;
import io.jetway.gateway.store.JdbcStore;
import io.jetway.gateway.store.Store;
import io.jetway.gateway.store.StoreException;
import io.jetway.gateway.store.StoredApiKey;
import io.jetway.gateway.store.StoredConfig;
import io.jetway.gateway.store.StoredVirtualKey;
import io.jetway.server.stub.AdminService;
import io.jetway.server.stub.ValidatorUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The admin API, implementing the generated {@link AdminService}. Every call first passes
 * {@link AdminAuth}. Request bodies are parsed strictly (unknown fields are 400s: a misspelt
 * {@code api_kye} must not be silently dropped) and checked against the spec's constraints.
 * Answers never hold a secret: virtual keys show which secrets are set and at most the API key's
 * last 4 characters; a gateway API key is shown once, in the answer that creates it.
 * Each write invalidates this node's lookup cache, so it applies to the next request here.
 */
public final class AdminEndpoint extends AdminService {

    private static final ObjectMapper STRICT = Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String API_KEY_PREFIX = "jw-";
    private static final String VIRTUAL_KEY_NOT_FOUND = "virtual_key_not_found";

    private final AdminAuth auth;
    private final Store store;
    private final CachedLookups lookups;
    private final ProviderRegistry providers;
    private final RequestParser parser = new RequestParser(STRICT);
    private final SecureRandom random;
    private final RequestLog requestLog;
    private final java.time.Clock clock;

    public AdminEndpoint(AdminAuth auth, Store store, CachedLookups lookups, ProviderRegistry providers,
                         SecureRandom random, RequestLog requestLog) {
        this(auth, store, lookups, providers, random, requestLog, java.time.Clock.systemUTC());
    }

    /**
     * @param requestLog flushed before each log query, so that a query sees every request that
     *                   ended before it on this node (null: nothing to flush)
     */
    public AdminEndpoint(AdminAuth auth, Store store, CachedLookups lookups, ProviderRegistry providers,
                         SecureRandom random, RequestLog requestLog, java.time.Clock clock) {
        this.clock = clock;
        this.requestLog = requestLog;
        this.auth = auth;
        this.store = store;
        this.lookups = lookups;
        this.providers = providers;
        this.random = random;
    }

    @Override
    public void routing(HttpRules rules) {
        // Before any body is read: nothing of the admin API runs for a caller without the token.
        rules.any((req, res) -> {
            auth.check(req.prologue().method().text(), req.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                    req.headers().first(HeaderNames.COOKIE).orElse(null),
                    req.headers().first(io.helidon.http.HeaderNames.create(AdminAuth.CSRF_HEADER)).orElse(null));
            res.next();
        });
        super.routing(rules);
    }

    // --------------------------------------------------------------- bodies

    private <T> T body(ServerRequest request, Class<T> type) {
        byte[] raw;
        try {
            raw = request.content().hasEntity() ? request.content().inputStream().readAllBytes() : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parser.parseObject(request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), raw, type);
    }

    @Override
    protected CreateVirtualKeyOp createCreateVirtualKeyOp() {
        return new CreateVirtualKeyOp() {
            @Override
            protected VirtualKeyCreateRequest virtualKeyCreateRequest(ServerRequest r, ValidatorUtils.Validator v) {
                return body(r, VirtualKeyCreateRequest.class);
            }
        };
    }

    @Override
    protected UpdateVirtualKeyOp createUpdateVirtualKeyOp() {
        return new UpdateVirtualKeyOp() {
            @Override
            protected VirtualKeyUpdateRequest virtualKeyUpdateRequest(ServerRequest r, ValidatorUtils.Validator v) {
                return body(r, VirtualKeyUpdateRequest.class);
            }
        };
    }

    @Override
    protected CreateConfigOp createCreateConfigOp() {
        return new CreateConfigOp() {
            @Override
            protected StoredConfigCreateRequest storedConfigCreateRequest(ServerRequest r, ValidatorUtils.Validator v) {
                return body(r, StoredConfigCreateRequest.class);
            }
        };
    }

    @Override
    protected UpdateConfigOp createUpdateConfigOp() {
        return new UpdateConfigOp() {
            @Override
            protected StoredConfigUpdateRequest storedConfigUpdateRequest(ServerRequest r, ValidatorUtils.Validator v) {
                return body(r, StoredConfigUpdateRequest.class);
            }
        };
    }

    @Override
    protected CreateApiKeyOp createCreateApiKeyOp() {
        return new CreateApiKeyOp() {
            @Override
            protected ApiKeyCreateRequest apiKeyCreateRequest(ServerRequest r, ValidatorUtils.Validator v) {
                return body(r, ApiKeyCreateRequest.class);
            }
        };
    }

    @Override
    protected UpdateApiKeyOp createUpdateApiKeyOp() {
        return new UpdateApiKeyOp() {
            @Override
            protected ApiKeyUpdateRequest apiKeyUpdateRequest(ServerRequest r, ValidatorUtils.Validator v) {
                return body(r, ApiKeyUpdateRequest.class);
            }
        };
    }

    // --------------------------------------------------------- virtual keys

    @Override
    protected void handleListVirtualKeys(ServerRequest request, ServerResponse response) {
        ArrayNode data = Json.MAPPER.createArrayNode();
        store.virtualKeys().forEach(k -> data.add(view(k)));
        send(response, 200, list(data), VirtualKeyList.class);
    }

    @Override
    protected void handleCreateVirtualKey(ServerRequest request, ServerResponse response, VirtualKeyCreateRequest body) {
        StoredVirtualKey key = apply(body.getId(), Json.MAPPER.valueToTree(body), null);
        StoredVirtualKey created;
        try {
            created = store.createVirtualKey(key);
        } catch (StoreException.AlreadyExists e) {
            throw conflict("A virtual key with id '" + body.getId() + "' already exists; update it with PATCH "
                    + "/v1/admin/virtual-keys/" + body.getId() + ".");
        }
        lookups.invalidateVirtualKeys();
        send(response, 201, view(created), VirtualKey.class);
    }

    @Override
    protected void handleGetVirtualKey(ServerRequest request, ServerResponse response, String id) {
        send(response, 200, view(store.virtualKey(id).orElseThrow(() -> notFound("virtual key", id))), VirtualKey.class);
    }

    @Override
    protected void handleUpdateVirtualKey(ServerRequest request, ServerResponse response, String id,
                                          VirtualKeyUpdateRequest body) {
        StoredVirtualKey current = store.virtualKey(id).orElseThrow(() -> notFound("virtual key", id));
        StoredVirtualKey updated = store.updateVirtualKey(apply(id, Json.MAPPER.valueToTree(body), current))
                .orElseThrow(() -> notFound("virtual key", id));
        lookups.invalidateVirtualKeys();
        send(response, 200, view(updated), VirtualKey.class);
    }

    @Override
    protected void handleDeleteVirtualKey(ServerRequest request, ServerResponse response, String id) {
        if (!store.deleteVirtualKey(id)) {
            throw notFound("virtual key", id);
        }
        lookups.invalidateVirtualKeys();
        send(response, 200, deleted(id, "virtual_key"), AdminDeleted.class);
    }

    /**
     * The fields sent, applied over {@code base} (null on create): a field left out or null keeps
     * its value, an empty string removes it. Every problem is reported in one 400.
     */
    private StoredVirtualKey apply(String id, ObjectNode sent, StoredVirtualKey base) {
        List<String> problems = new ArrayList<>();
        String provider = base == null ? null : base.provider();
        String apiKey = base == null ? null : base.apiKey();
        String customHost = base == null ? null : base.customHost();
        boolean allowCallerCustomHost = base != null && base.allowCallerCustomHost();
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        if (base != null) {
            options.putAll(base.options());
        }
        String p = text(sent, "provider");
        if (p != null) {
            String normalized = p.strip().toLowerCase(Locale.ROOT);
            if (normalized.isEmpty()) {
                problems.add("provider must not be empty");
            } else if (!providers.ids().contains(normalized)) {
                problems.add("provider '" + p + "' is unknown; supported: " + String.join(", ", providers.ids()));
            } else {
                provider = normalized;
            }
        }
        String host = text(sent, "custom_host");
        if (host != null) {
            if (host.isBlank()) {
                customHost = null;
            } else if (!isHttpUrl(host.strip())) {
                problems.add("custom_host must be an absolute http(s) URL (e.g. https://proxy.example.com/v1)");
            } else if (URI.create(host.strip()).getRawUserInfo() != null) {
                // Refused at request time too: credentials in a URL end up in logs and proxies' records.
                problems.add("custom_host must not hold credentials (user:password@): put them in api_key");
            } else {
                customHost = host.strip();
            }
        }
        JsonNode allow = sent.get("allow_caller_custom_host");
        if (allow != null && !allow.isNull()) {
            allowCallerCustomHost = allow.asBoolean();
        }
        String key = text(sent, "api_key");
        if (key != null) {
            apiKey = key.isEmpty() ? null : key;
            headerValue("api_key", key, problems);
        }
        for (ProviderOption option : ProviderOption.values()) {
            String v = text(sent, option.configKey());
            if (v != null) {
                if (option != ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON) {
                    // Sent upstream in a header (the service account is read here, never sent).
                    headerValue(option.configKey(), v, problems);
                }
                if (v.isEmpty()) {
                    options.remove(option);
                } else {
                    options.put(option, v);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw GatewayException.invalidRequest("Invalid virtual key: " + String.join("; ", problems) + ".",
                    problems.getFirst().split(" ", 2)[0]);
        }
        return new StoredVirtualKey(id, provider, apiKey, customHost, allowCallerCustomHost, options, null, null);
    }

    /**
     * A value that travels in an upstream header: a line break or non-ASCII character is refused here,
     * where the admin can fix it, instead of failing every request that uses the key (never quoted).
     */
    private static void headerValue(String field, String value, List<String> problems) {
        String problem = HeaderValues.problem(value);
        if (problem != null) {
            problems.add(field + " " + problem);
        }
    }

    private static String text(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI uri = new URI(s);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A virtual key as the API shows it: no secret, only which are set. */
    private static ObjectNode view(StoredVirtualKey k) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", k.id());
        n.put("object", "virtual_key");
        n.put("provider", k.provider());
        if (k.customHost() != null) {
            // Keys stored before credentials in URLs were refused: never shown back.
            n.put("custom_host", Redaction.url(k.customHost()));
        }
        n.put("allow_caller_custom_host", k.allowCallerCustomHost());
        String last4 = JdbcStore.last4(k.apiKey());
        if (last4 != null) {
            n.put("api_key_last4", last4);
        }
        ArrayNode secrets = n.putArray("secrets");
        if (k.apiKey() != null) {
            secrets.add("api_key");
        }
        for (Map.Entry<ProviderOption, String> o : k.options().entrySet()) {
            if (o.getKey().secret()) {
                secrets.add(o.getKey().configKey());
            }
        }
        for (Map.Entry<ProviderOption, String> o : k.options().entrySet()) {
            if (!o.getKey().secret()) {
                n.put(o.getKey().configKey(), o.getValue());
            }
        }
        n.put("created_at", k.createdAt().getEpochSecond());
        n.put("updated_at", k.updatedAt().getEpochSecond());
        return n;
    }

    // -------------------------------------------------------------- configs

    @Override
    protected void handleListConfigs(ServerRequest request, ServerResponse response) {
        ArrayNode data = Json.MAPPER.createArrayNode();
        store.configs().forEach(c -> data.add(view(c)));
        send(response, 200, list(data), StoredConfigList.class);
    }

    @Override
    protected void handleCreateConfig(ServerRequest request, ServerResponse response, StoredConfigCreateRequest body) {
        String json = checkedConfig(body.getConfig());
        requireVirtualKeys(body.getConfig());
        StoredConfig created;
        try {
            created = store.createConfig(body.getId(), json);
        } catch (StoreException.AlreadyExists e) {
            throw conflict("A config with id '" + body.getId() + "' already exists; update it with PATCH "
                    + "/v1/admin/configs/" + body.getId() + ".");
        }
        lookups.invalidateConfigs();
        send(response, 201, view(created), io.jetway.api.model.StoredConfig.class);
    }

    @Override
    protected void handleGetConfig(ServerRequest request, ServerResponse response, String id) {
        send(response, 200, view(store.config(id).orElseThrow(() -> notFound("config", id))),
                io.jetway.api.model.StoredConfig.class);
    }

    @Override
    protected void handleUpdateConfig(ServerRequest request, ServerResponse response, String id,
                                      StoredConfigUpdateRequest body) {
        String json = checkedConfig(body.getConfig());
        requireVirtualKeys(body.getConfig());
        StoredConfig updated = store.updateConfig(id, json).orElseThrow(() -> notFound("config", id));
        lookups.invalidateConfigs();
        send(response, 200, view(updated), io.jetway.api.model.StoredConfig.class);
    }

    @Override
    protected void handleDeleteConfig(ServerRequest request, ServerResponse response, String id) {
        if (!store.deleteConfig(id)) {
            throw notFound("config", id);
        }
        lookups.invalidateConfigs();
        send(response, 200, deleted(id, "config"), AdminDeleted.class);
    }

    /**
     * Validated exactly as an inline {@code x-portkey-config} would be, plus: no provider secrets
     * (stored configs are shown by this API, secrets never are; targets use {@code virtual_key}).
     */
    private static String checkedConfig(JsonNode config) {
        List<String> problems = new ArrayList<>(ConfigParser.problems(config));
        if (config instanceof ObjectNode obj) {
            secretsIn(obj, "config", problems);
        }
        if (!problems.isEmpty()) {
            throw GatewayException.invalidRequest("Invalid config: " + String.join("; ", problems) + ".", "config");
        }
        try {
            return Json.MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serialises", e);
        }
    }

    /**
     * Every {@code virtual_key} a stored config names must exist when the config is saved; otherwise
     * the config would be accepted and every request using it would fail. One 400 names each
     * missing key with its path ({@code param}: the first one). A key deleted after the config was
     * saved is reported, with the config's id, by the request that meets it.
     */
    private void requireVirtualKeys(JsonNode config) {
        List<String> missing = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        missingVirtualKeys(config, "config", missing, paths);
        if (!missing.isEmpty()) {
            throw GatewayException.invalidRequest(String.join("; ", missing) + ": create "
                    + (missing.size() == 1 ? "it" : "them") + " first (POST /v1/admin/virtual-keys), or name an "
                    + "existing virtual key.", paths.getFirst(), VIRTUAL_KEY_NOT_FOUND);
        }
    }

    private void missingVirtualKeys(JsonNode node, String path, List<String> missing, List<String> paths) {
        if (node.get("virtual_key") instanceof JsonNode vk && vk.isTextual() && store.virtualKey(vk.asText()).isEmpty()) {
            missing.add(path + ".virtual_key '" + vk.asText() + "' names no virtual key");
            paths.add(path + ".virtual_key");
        }
        if (node.get("targets") instanceof ArrayNode targets) {
            for (int i = 0; i < targets.size(); i++) {
                missingVirtualKeys(targets.get(i), path + ".targets[" + i + "]", missing, paths);
            }
        }
    }

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

    private static ObjectNode view(StoredConfig c) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", c.id());
        n.put("object", "config");
        try {
            n.set("config", Json.MAPPER.readTree(c.json()));
        } catch (JsonProcessingException e) {
            throw new StoreException("Stored config '" + c.id() + "' is not valid JSON", e);
        }
        n.put("created_at", c.createdAt().getEpochSecond());
        n.put("updated_at", c.updatedAt().getEpochSecond());
        return n;
    }

    // ------------------------------------------------------------- api keys

    @Override
    protected void handleListApiKeys(ServerRequest request, ServerResponse response) {
        ArrayNode data = Json.MAPPER.createArrayNode();
        store.apiKeys().forEach(k -> data.add(view(k)));
        send(response, 200, list(data), ApiKeyList.class);
    }

    @Override
    protected void handleCreateApiKey(ServerRequest request, ServerResponse response, ApiKeyCreateRequest body) {
        String name = name(body.getName());
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = API_KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        String id = "ak-" + HexFormat.of().formatHex(idBytes);
        StoredApiKey created = store.createApiKey(id, name, ApiKeyHash.of(key), key.substring(key.length() - 4));
        lookups.invalidateApiKeys();
        ObjectNode n = view(created);
        n.put("key", key);
        send(response, 201, n, ApiKeyCreated.class);
    }

    @Override
    protected void handleGetApiKey(ServerRequest request, ServerResponse response, String id) {
        send(response, 200, view(store.apiKey(id).orElseThrow(() -> notFound("API key", id))), ApiKey.class);
    }

    @Override
    protected void handleUpdateApiKey(ServerRequest request, ServerResponse response, String id,
                                      ApiKeyUpdateRequest body) {
        StoredApiKey renamed = store.renameApiKey(id, name(body.getName())).orElseThrow(() -> notFound("API key", id));
        lookups.invalidateApiKeys();
        send(response, 200, view(renamed), ApiKey.class);
    }

    @Override
    protected void handleDeleteApiKey(ServerRequest request, ServerResponse response, String id) {
        if (!store.deleteApiKey(id)) {
            throw notFound("API key", id);
        }
        lookups.invalidateApiKeys();
        send(response, 200, deleted(id, "api_key"), AdminDeleted.class);
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw GatewayException.invalidRequest("name must not be blank.", "name");
        }
        return name.strip();
    }

    private static ObjectNode view(StoredApiKey k) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", k.id());
        n.put("object", "api_key");
        n.put("name", k.name());
        n.put("key_last4", k.keyLast4());
        n.put("created_at", k.createdAt().getEpochSecond());
        n.put("updated_at", k.updatedAt().getEpochSecond());
        return n;
    }

    // ------------------------------------------------------------------ limits

    @Override
    protected SetLimitsOp createSetLimitsOp() {
        return new SetLimitsOp() {
            @Override
            protected io.jetway.api.model.LimitsSetRequest limitsSetRequest(ServerRequest r, ValidatorUtils.Validator v) {
                return body(r, io.jetway.api.model.LimitsSetRequest.class);
            }
        };
    }

    @Override
    protected void handleListLimits(ServerRequest request, ServerResponse response) {
        ArrayNode data = Json.MAPPER.createArrayNode();
        store.allLimits().forEach(l -> data.add(view(l)));
        send(response, 200, list(data), io.jetway.api.model.LimitsList.class);
    }

    @Override
    protected void handleGetLimits(ServerRequest request, ServerResponse response, String scope, String subject) {
        io.jetway.gateway.limits.LimitScope s = scope(scope);
        send(response, 200, view(store.limits(s, subject).orElseThrow(() -> limitsNotFound(s, subject))),
                io.jetway.api.model.LimitsRecord.class);
    }

    @Override
    protected void handleSetLimits(ServerRequest request, ServerResponse response, String scope, String subject,
                                   io.jetway.api.model.LimitsSetRequest body) {
        io.jetway.gateway.limits.LimitScope s = scope(scope);
        boolean known = switch (s) {
            case API_KEY -> store.apiKey(subject).isPresent();
            case VIRTUAL_KEY -> store.virtualKey(subject).isPresent();
            case USER -> true;
        };
        if (!known) {
            throw GatewayException.invalidRequest("No " + (s == io.jetway.gateway.limits.LimitScope.API_KEY
                    ? "gateway API key" : "virtual key") + " has the id '" + subject + "': create it first.", "subject");
        }
        io.jetway.gateway.store.StoredLimits stored = store.putLimits(s, subject, new io.jetway.gateway.limits.Limits(
                body.getRequestsPerMinute(), body.getTokensPerMinute(), budget(body.getDailyBudgetUsd()),
                budget(body.getMonthlyBudgetUsd())));
        lookups.invalidateLimits();
        send(response, 200, view(stored), io.jetway.api.model.LimitsRecord.class);
    }

    @Override
    protected void handleDeleteLimits(ServerRequest request, ServerResponse response, String scope, String subject) {
        io.jetway.gateway.limits.LimitScope s = scope(scope);
        if (!store.deleteLimits(s, subject)) {
            throw limitsNotFound(s, subject);
        }
        lookups.invalidateLimits();
        send(response, 200, deleted(s.wire() + "/" + subject, "limits"), AdminDeleted.class);
    }

    /** Budgets are counted in nano-dollars: finer amounts are refused rather than rounded. */
    private static java.math.BigDecimal budget(java.math.BigDecimal usd) {
        if (usd != null && usd.stripTrailingZeros().scale() > 9) {
            throw GatewayException.invalidRequest("A budget has at most 9 decimal places (nano-dollars).", "budget");
        }
        return usd;
    }

    private static io.jetway.gateway.limits.LimitScope scope(String scope) {
        io.jetway.gateway.limits.LimitScope s = io.jetway.gateway.limits.LimitScope.of(scope);
        if (s == null) {
            throw GatewayException.invalidRequest("scope must be api_key, virtual_key or user, not '" + scope + "'.",
                    "scope");
        }
        return s;
    }

    private static GatewayException limitsNotFound(io.jetway.gateway.limits.LimitScope scope, String subject) {
        return new GatewayException(404, GatewayException.NOT_FOUND, "No limits are set for " + scope.wire() + " '"
                + subject + "'.", "subject", "limits_not_found");
    }

    /** Stored limits as the spec's {@code LimitsRecord} (the console's budgets answer it too). */
    public static ObjectNode view(io.jetway.gateway.store.StoredLimits l) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("object", "limits");
        n.put("scope", l.scope().wire());
        n.put("subject", l.subject());
        if (l.limits().requestsPerMinute() != null) {
            n.put("requests_per_minute", l.limits().requestsPerMinute());
        }
        if (l.limits().tokensPerMinute() != null) {
            n.put("tokens_per_minute", l.limits().tokensPerMinute());
        }
        if (l.limits().dailyBudgetUsd() != null) {
            n.put("daily_budget_usd", l.limits().dailyBudgetUsd());
        }
        if (l.limits().monthlyBudgetUsd() != null) {
            n.put("monthly_budget_usd", l.limits().monthlyBudgetUsd());
        }
        n.put("created_at", l.createdAt().getEpochSecond());
        n.put("updated_at", l.updatedAt().getEpochSecond());
        return n;
    }

    // ------------------------------------------------------------------- usage

    @Override
    protected void handleGetUsage(ServerRequest request, ServerResponse response, Optional<Long> from,
                                  Optional<Long> to, Optional<String> apiKeyId) {
        Instant now = clock.instant();
        Instant start = from.map(Instant::ofEpochMilli)
                .orElse(now.truncatedTo(java.time.temporal.ChronoUnit.DAYS));
        Instant end = to.map(Instant::ofEpochMilli).orElse(now.plusMillis(1));
        if (!end.isAfter(start)) {
            throw GatewayException.invalidRequest("to must be after from (to is exclusive).", "to");
        }
        if (requestLog != null) {
            requestLog.flush();
        }
        ArrayNode data = Json.MAPPER.createArrayNode();
        for (io.jetway.gateway.store.UsageRow r : store.usage(start, end, apiKeyId.orElse(null))) {
            ObjectNode n = data.addObject();
            n.put("object", "usage");
            n.put("day", r.day().toString());
            putIfSet(n, "api_key_id", r.apiKeyId());
            n.put("provider", r.provider());
            putIfSet(n, "model", r.model());
            n.put("requests", r.requests());
            n.put("input_tokens", r.inputTokens());
            n.put("output_tokens", r.outputTokens());
            n.put("cost_usd", r.costUsd());
            n.put("unpriced_requests", r.unpriced());
        }
        send(response, 200, list(data), io.jetway.api.model.UsageList.class);
    }

    // ---------------------------------------------------------- request log

    /** Entries per page when {@code limit} is absent. */
    static final int DEFAULT_LOG_LIMIT = 50;

    /** The query parameters of {@code GET /v1/admin/logs}; any other is a 400 (a misspelt filter must not be ignored). */
    static final List<String> LOG_PARAMETERS = List.of("trace_id", "provider", "status", "status_class", "metadata_key",
            "metadata_value", "from", "to", "limit", "before");
    /** The provider of entries answered before a provider was chosen. */
    private static final String NO_PROVIDER = "none";

    @Override
    protected ListRequestLogsOp createListRequestLogsOp() {
        // The generated parsers let a malformed number through as a 500 and a malformed string through
        // as an empty page: these answer 400s naming the parameter.
        return new ListRequestLogsOp() {
            @Override
            protected Optional<String> traceId(ServerRequest r, ValidatorUtils.Validator v) {
                return query(r, "trace_id").map(s -> {
                    if (s.isEmpty() || s.length() > 256) {
                        throw GatewayException.invalidRequest("trace_id must be 1 to 256 characters.", "trace_id");
                    }
                    return s;
                });
            }

            @Override
            protected Optional<String> provider(ServerRequest r, ValidatorUtils.Validator v) {
                return query(r, "provider").map(s -> {
                    if (!providers.ids().contains(s) && !s.equals(NO_PROVIDER)) {
                        throw GatewayException.invalidRequest("provider must be a provider id (" + String.join(", ",
                                providers.ids().stream().sorted().toList()) + ") or " + NO_PROVIDER
                                + " (requests refused before one was chosen).", "provider");
                    }
                    return s;
                });
            }

            @Override
            protected Optional<String> metadataKey(ServerRequest r, ValidatorUtils.Validator v) {
                return query(r, "metadata_key").map(s -> {
                    if (s.isEmpty()) {
                        throw GatewayException.invalidRequest("metadata_key must not be empty.", "metadata_key");
                    }
                    return s;
                });
            }

            @Override
            protected Optional<String> before(ServerRequest r, ValidatorUtils.Validator v) {
                return query(r, "before").map(s -> {
                    if (!RequestLog.isId(s)) {
                        throw GatewayException.invalidRequest("before must be the next_cursor of a previous page "
                                + "(a log entry id such as log_…).", "before");
                    }
                    return s;
                });
            }

            @Override
            protected Optional<Integer> status(ServerRequest r, ValidatorUtils.Validator v) {
                return query(r, "status").map(s -> (int) number("status", s, 100, 599));
            }

            @Override
            protected Optional<String> statusClass(ServerRequest r, ValidatorUtils.Validator v) {
                return query(r, "status_class").map(s -> {
                    if (!s.matches("[1-5]xx")) {
                        throw GatewayException.invalidRequest("status_class must be one of 1xx, 2xx, 3xx, 4xx, 5xx.",
                                "status_class");
                    }
                    return s;
                });
            }

            @Override
            protected Optional<Long> from(ServerRequest r, ValidatorUtils.Validator v) {
                return query(r, "from").map(s -> number("from", s, 0, Long.MAX_VALUE));
            }

            @Override
            protected Optional<Long> to(ServerRequest r, ValidatorUtils.Validator v) {
                return query(r, "to").map(s -> number("to", s, 0, Long.MAX_VALUE));
            }

            @Override
            protected Optional<Integer> limit(ServerRequest r, ValidatorUtils.Validator v) {
                return query(r, "limit").map(s -> (int) number("limit", s, 1, 200));
            }
        };
    }

    private static Optional<String> query(ServerRequest r, String name) {
        return r.query().first(name).asOptional();
    }

    private static long number(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw GatewayException.invalidRequest(name + " must be an integer between " + min + " and " + max + ".", name);
    }

    @Override
    protected void handleListRequestLogs(ServerRequest request, ServerResponse response, Optional<String> traceId,
                                         Optional<String> provider, Optional<Integer> status,
                                         Optional<String> statusClass, Optional<String> metadataKey,
                                         Optional<String> metadataValue, Optional<Long> from, Optional<Long> to,
                                         Optional<Integer> limit, Optional<String> before) {
        for (String name : request.query().names()) {
            if (!LOG_PARAMETERS.contains(name)) {
                throw GatewayException.invalidRequest(name + " is not a parameter of this query; the parameters are "
                        + String.join(", ", LOG_PARAMETERS) + ".", name);
            }
            if (request.query().all(name).size() > 1) {
                throw GatewayException.invalidRequest(name + " is given more than once.", name);
            }
        }
        if (metadataValue.isPresent() && metadataKey.isEmpty()) {
            throw GatewayException.invalidRequest("metadata_value needs metadata_key.", "metadata_value");
        }
        if (from.isPresent() && to.isPresent() && from.get() >= to.get()) {
            throw GatewayException.invalidRequest("to must be after from (to is exclusive).", "to");
        }
        int pageSize = limit.orElse(DEFAULT_LOG_LIMIT);
        if (requestLog != null) {
            requestLog.flush();
        }
        // One more than the page: whether there is a next page, without a count.
        List<RequestLogEntry> rows = store.requestLogs(new RequestLogQuery(traceId.orElse(null), provider.orElse(null),
                status.orElse(null), statusClass.map(c -> c.charAt(0) - '0').orElse(null), metadataKey.orElse(null),
                metadataValue.orElse(null), from.map(Instant::ofEpochMilli).orElse(null),
                to.map(Instant::ofEpochMilli).orElse(null), before.orElse(null), pageSize + 1));
        ArrayNode data = Json.MAPPER.createArrayNode();
        rows.stream().limit(pageSize).forEach(e -> data.add(view(e)));
        ObjectNode page = list(data);
        if (rows.size() > pageSize) {
            page.put("next_cursor", rows.get(pageSize - 1).id());
        }
        send(response, 200, page, RequestLogList.class);
    }

    /** A log entry as the spec's {@code RequestLogRecord} (the console's API answers it too). */
    public static ObjectNode view(RequestLogEntry e) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", e.id());
        n.put("object", "request_log");
        n.put("created_at", e.createdAt().toEpochMilli());
        putIfSet(n, "trace_id", e.traceId());
        putIfSet(n, "span_id", e.spanId());
        putIfSet(n, "parent_span_id", e.parentSpanId());
        putIfSet(n, "span_name", e.spanName());
        ObjectNode metadata = n.putObject("metadata");
        e.metadata().forEach(metadata::put);
        n.put("provider", e.provider());
        putIfSet(n, "model", e.model());
        putIfSet(n, "target_path", e.targetPath());
        n.put("stream", e.stream());
        n.put("status", e.status());
        n.put("retries", e.retries());
        putIfSet(n, "cache_status", e.cacheStatus());
        if (e.inputTokens() != null) {
            n.put("prompt_tokens", e.inputTokens());
        }
        if (e.outputTokens() != null) {
            n.put("completion_tokens", e.outputTokens());
        }
        if (e.firstByteMs() != null) {
            n.put("first_byte_ms", e.firstByteMs());
        }
        n.put("total_ms", e.totalMs());
        putIfSet(n, "error", e.error());
        putIfSet(n, "request_body", e.requestBody());
        putIfSet(n, "response_body", e.responseBody());
        n.put("bodies_truncated", e.bodiesTruncated());
        if (e.costUsd() != null) {
            n.put("cost_usd", e.costUsd());
        }
        putIfSet(n, "api_key_id", e.apiKeyId());
        return n;
    }

    private static void putIfSet(ObjectNode n, String name, String value) {
        if (value != null) {
            n.put(name, value);
        }
    }

    // --------------------------------------------------------------- common

    private static ObjectNode list(ArrayNode data) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("object", "list");
        n.set("data", data);
        return n;
    }

    private static ObjectNode deleted(String id, String object) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id);
        n.put("object", object);
        n.put("deleted", true);
        return n;
    }

    /**
     * 404, with one {@code code} per kind of object: {@code virtual_key_not_found},
     * {@code config_not_found}, {@code api_key_not_found} (the chat endpoint's 400s for an unknown
     * virtual key or stored config use the same codes).
     */
    private static GatewayException notFound(String what, String id) {
        return new GatewayException(404, GatewayException.NOT_FOUND, "No " + what + " has the id '" + id + "'.", "id",
                what.replace(' ', '_').toLowerCase(Locale.ROOT) + "_not_found");
    }

    private static GatewayException conflict(String message) {
        return new GatewayException(409, GatewayException.INVALID_REQUEST, message, "id", "already_exists");
    }

    /**
     * Sends {@code body} after reading it as the spec's model {@code type}, strictly: an answer that
     * does not fit the contract fails here (a 500 and a log line) rather than reaching a client.
     */
    private static void send(ServerResponse response, int status, ObjectNode body, Class<?> type) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(STRICT.treeToValue(body, type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin answer does not fit " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(bytes);
    }
}
