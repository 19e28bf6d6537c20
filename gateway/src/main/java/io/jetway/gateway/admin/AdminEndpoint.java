package io.jetway.gateway.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.ApiKeyCreateRequest;
import io.jetway.api.model.ApiKeyUpdateRequest;
import io.jetway.api.model.LimitsSetRequest;
import io.jetway.api.model.StoredConfigCreateRequest;
import io.jetway.api.model.StoredConfigUpdateRequest;
import io.jetway.api.model.VirtualKeyCreateRequest;
import io.jetway.api.model.VirtualKeyUpdateRequest;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.requestlog.RequestLog;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.store.CachedLookups;
import io.jetway.gateway.store.Store;
import io.jetway.server.stub.AdminService;
import io.jetway.server.stub.ValidatorUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

/**
 * The admin API, implementing the generated {@link AdminService}: it authenticates, parses each
 * body into its generated request model and hands it to the resource's class
 * ({@link VirtualKeysAdmin}, {@link ConfigsAdmin}, {@link ApiKeysAdmin}, {@link LimitsAdmin},
 * {@link UsageAdmin}, {@link RequestLogsAdmin}), which answers with the generated models.
 *
 * <p>Every call first passes {@link AdminAuth}, before any body is read. Bodies are parsed
 * strictly (unknown fields are 400s: a misspelt {@code api_kye} must not be silently dropped) and
 * checked against the spec's constraints; the 400's {@code param} is the path the parser or the
 * violated constraint names. Answers never hold a secret. Each write invalidates this node's
 * lookup cache, so it applies to the next request here.
 */
public final class AdminEndpoint extends AdminService {

    private static final ObjectMapper STRICT =
            Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final AdminAuth auth;
    private final RequestParser parser = new RequestParser(STRICT);
    private final VirtualKeysAdmin virtualKeys;
    private final ConfigsAdmin configs;
    private final ApiKeysAdmin apiKeys;
    private final LimitsAdmin limits;
    private final UsageAdmin usage;
    private final RequestLogsAdmin logs;

    public AdminEndpoint(
            AdminAuth auth,
            Store store,
            CachedLookups lookups,
            ProviderRegistry providers,
            SecureRandom random,
            RequestLog requestLog) {
        this(auth, store, lookups, providers, random, requestLog, Clock.systemUTC());
    }

    /**
     * @param requestLog flushed before each log or usage query, so that a query sees every request
     *                   that ended before it on this node (null: nothing to flush)
     */
    public AdminEndpoint(
            AdminAuth auth,
            Store store,
            CachedLookups lookups,
            ProviderRegistry providers,
            SecureRandom random,
            RequestLog requestLog,
            Clock clock) {
        this(auth, store, lookups, providers, random, requestLog, clock, id -> false);
    }

    /** @param envKeyIds whether an id is an environment key's ({@code JETWAY_API_KEYS}): limits may be set on it */
    public AdminEndpoint(
            AdminAuth auth,
            Store store,
            CachedLookups lookups,
            ProviderRegistry providers,
            SecureRandom random,
            RequestLog requestLog,
            Clock clock,
            java.util.function.Predicate<String> envKeyIds) {
        this.auth = auth;
        this.virtualKeys = new VirtualKeysAdmin(store, lookups, providers);
        this.configs = new ConfigsAdmin(store, lookups);
        this.apiKeys = new ApiKeysAdmin(store, lookups, random);
        this.limits = new LimitsAdmin(store, lookups, envKeyIds);
        this.usage = new UsageAdmin(store, requestLog, clock);
        this.logs = new RequestLogsAdmin(store, providers, requestLog);
    }

    @Override
    public void routing(HttpRules rules) {
        // Before any body is read: nothing of the admin API runs for a caller without the token.
        rules.any((req, res) -> {
            auth.check(
                    req.prologue().method().text(),
                    req.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                    req.headers().first(HeaderNames.COOKIE).orElse(null),
                    req.headers()
                            .first(HeaderNames.create(AdminAuth.CSRF_HEADER))
                            .orElse(null));
            res.next();
        });
        super.routing(rules);
    }

    // --------------------------------------------------------------- bodies

    private <T> T body(ServerRequest request, Class<T> type) {
        byte[] raw;
        try {
            raw = request.content().hasEntity()
                    ? request.content().inputStream().readAllBytes()
                    : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parser.parseObject(
                request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), raw, type);
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

    @Override
    protected SetLimitsOp createSetLimitsOp() {
        return new SetLimitsOp() {
            @Override
            protected LimitsSetRequest limitsSetRequest(ServerRequest r, ValidatorUtils.Validator v) {
                return body(r, LimitsSetRequest.class);
            }
        };
    }

    @Override
    protected ListRequestLogsOp createListRequestLogsOp() {
        return new ListRequestLogsOp() {
            @Override
            protected Optional<String> traceId(ServerRequest r, ValidatorUtils.Validator v) {
                return logs.traceId(r);
            }

            @Override
            protected Optional<String> provider(ServerRequest r, ValidatorUtils.Validator v) {
                return logs.provider(r);
            }

            @Override
            protected Optional<String> metadataKey(ServerRequest r, ValidatorUtils.Validator v) {
                return logs.metadataKey(r);
            }

            @Override
            protected Optional<String> before(ServerRequest r, ValidatorUtils.Validator v) {
                return logs.before(r);
            }

            @Override
            protected Optional<Integer> status(ServerRequest r, ValidatorUtils.Validator v) {
                return logs.status(r);
            }

            @Override
            protected Optional<String> statusClass(ServerRequest r, ValidatorUtils.Validator v) {
                return logs.statusClass(r);
            }

            @Override
            protected Optional<Long> from(ServerRequest r, ValidatorUtils.Validator v) {
                return logs.from(r);
            }

            @Override
            protected Optional<Long> to(ServerRequest r, ValidatorUtils.Validator v) {
                return logs.to(r);
            }

            @Override
            protected Optional<Integer> limit(ServerRequest r, ValidatorUtils.Validator v) {
                return logs.limit(r);
            }
        };
    }

    // --------------------------------------------------------- virtual keys

    @Override
    protected void handleListVirtualKeys(ServerRequest request, ServerResponse response) {
        virtualKeys.list(response);
    }

    @Override
    protected void handleCreateVirtualKey(
            ServerRequest request, ServerResponse response, VirtualKeyCreateRequest body) {
        virtualKeys.create(response, body.getId(), VirtualKeyFields.of(body));
    }

    @Override
    protected void handleGetVirtualKey(ServerRequest request, ServerResponse response, String id) {
        virtualKeys.get(response, id);
    }

    @Override
    protected void handleUpdateVirtualKey(
            ServerRequest request, ServerResponse response, String id, VirtualKeyUpdateRequest body) {
        virtualKeys.update(response, id, VirtualKeyFields.of(body));
    }

    @Override
    protected void handleDeleteVirtualKey(ServerRequest request, ServerResponse response, String id) {
        virtualKeys.delete(response, id);
    }

    // -------------------------------------------------------------- configs

    @Override
    protected void handleListConfigs(ServerRequest request, ServerResponse response) {
        configs.list(response);
    }

    @Override
    protected void handleCreateConfig(ServerRequest request, ServerResponse response, StoredConfigCreateRequest body) {
        configs.create(response, body.getId(), body.getConfig());
    }

    @Override
    protected void handleGetConfig(ServerRequest request, ServerResponse response, String id) {
        configs.get(response, id);
    }

    @Override
    protected void handleUpdateConfig(
            ServerRequest request, ServerResponse response, String id, StoredConfigUpdateRequest body) {
        configs.update(response, id, body.getConfig());
    }

    @Override
    protected void handleDeleteConfig(ServerRequest request, ServerResponse response, String id) {
        configs.delete(response, id);
    }

    // ------------------------------------------------------------- api keys

    @Override
    protected void handleListApiKeys(ServerRequest request, ServerResponse response) {
        apiKeys.list(response);
    }

    @Override
    protected void handleCreateApiKey(ServerRequest request, ServerResponse response, ApiKeyCreateRequest body) {
        apiKeys.create(response, body.getName());
    }

    @Override
    protected void handleGetApiKey(ServerRequest request, ServerResponse response, String id) {
        apiKeys.get(response, id);
    }

    @Override
    protected void handleUpdateApiKey(
            ServerRequest request, ServerResponse response, String id, ApiKeyUpdateRequest body) {
        apiKeys.rename(response, id, body.getName());
    }

    @Override
    protected void handleDeleteApiKey(ServerRequest request, ServerResponse response, String id) {
        apiKeys.delete(response, id);
    }

    // --------------------------------------------------------------- limits

    @Override
    protected void handleListLimits(ServerRequest request, ServerResponse response) {
        limits.list(response);
    }

    @Override
    protected void handleGetLimits(ServerRequest request, ServerResponse response, String scope, String subject) {
        limits.get(response, scope, subject);
    }

    @Override
    protected void handleSetLimits(
            ServerRequest request, ServerResponse response, String scope, String subject, LimitsSetRequest body) {
        limits.set(response, scope, subject, body);
    }

    @Override
    protected void handleDeleteLimits(ServerRequest request, ServerResponse response, String scope, String subject) {
        limits.delete(response, scope, subject);
    }

    // ---------------------------------------------------------------- usage

    @Override
    protected void handleGetUsage(
            ServerRequest request,
            ServerResponse response,
            Optional<Long> from,
            Optional<Long> to,
            Optional<String> apiKeyId) {
        usage.get(response, from, to, apiKeyId);
    }

    // ---------------------------------------------------------- request log

    @Override
    protected void handleListRequestLogs(
            ServerRequest request,
            ServerResponse response,
            Optional<String> traceId,
            Optional<String> provider,
            Optional<Integer> status,
            Optional<String> statusClass,
            Optional<String> metadataKey,
            Optional<String> metadataValue,
            Optional<Long> from,
            Optional<Long> to,
            Optional<Integer> limit,
            Optional<String> before) {
        logs.list(
                request,
                response,
                new RequestLogsAdmin.Filters(
                        traceId, provider, status, statusClass, metadataKey, metadataValue, from, to, limit, before));
    }
}
