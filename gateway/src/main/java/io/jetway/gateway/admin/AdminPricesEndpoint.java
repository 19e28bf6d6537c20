package io.jetway.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.AdminDeleted;
import io.jetway.api.model.PriceList;
import io.jetway.api.model.PriceRecord;
import io.jetway.api.model.PriceSetRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.ProviderRegistry;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.store.PriceOverrideRepository;
import io.jetway.gateway.usage.LivePrices;
import io.jetway.gateway.usage.Price;
import io.jetway.gateway.usage.PriceEntry;
import io.jetway.server.stub.AdminPricesService;
import io.jetway.server.stub.ValidatorUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code /v1/admin/prices}, implementing the generated {@link AdminPricesService}: the effective
 * price table with each price's origin (shipped, {@code JETWAY_PRICES_FILE}, admin), and the admin
 * overrides, stored in the database ({@link PriceOverrideRepository}) and applied on this node at once
 * ({@link LivePrices#refresh}) and on the others within the lookup TTL. Bodies are parsed strictly
 * (an unknown field is a 400 naming it) and checked against the spec's constraints; every price is
 * a number of US dollars per million tokens, at least 0.
 */
public final class AdminPricesEndpoint extends AdminPricesService {

    private static final ObjectMapper STRICT =
            Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final AdminAuth auth;
    private final PriceOverrideRepository overrides;
    private final LivePrices prices;
    private final ProviderRegistry providers;
    private final RequestParser parser = new RequestParser(STRICT);

    public AdminPricesEndpoint(
            AdminAuth auth, PriceOverrideRepository overrides, LivePrices prices, ProviderRegistry providers) {
        this.auth = auth;
        this.overrides = overrides;
        this.prices = prices;
        this.providers = providers;
    }

    @Override
    public void routing(HttpRules rules) {
        // Before any body is read: nothing runs for a caller without the admin token.
        rules.any((req, res) -> {
            auth.check(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
            res.next();
        });
        super.routing(rules);
        // A model whose name holds '/' (sent encoded, %2F, as the spec says) arrives decoded: the
        // generated one-segment {model} cannot take it, so the rest of the path is the model here.
        rules.put("/{provider}/{+model}", this::setPrice);
        rules.delete("/{provider}/{+model}", this::deletePrice);
    }

    @Override
    protected SetPriceOp createSetPriceOp() {
        return new SetPriceOp() {
            @Override
            protected PriceSetRequest priceSetRequest(ServerRequest r, ValidatorUtils.Validator v) {
                byte[] raw;
                try {
                    raw = r.content().hasEntity() ? r.content().inputStream().readAllBytes() : new byte[0];
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return parser.parseObject(
                        r.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), raw, PriceSetRequest.class);
            }
        };
    }

    @Override
    protected void handleListPrices(ServerRequest request, ServerResponse response) {
        Map<String, Long> updated = new HashMap<>();
        for (PriceOverrideRepository.StoredPrice p : overrides.all()) {
            updated.put(p.price().provider() + "\u0000" + p.price().model(), p.updatedAt());
        }
        ArrayNode data = Json.MAPPER.createArrayNode();
        for (PriceEntry e : prices.get().entries()) {
            Long at = e.origin() == PriceEntry.Origin.ADMIN
                    ? updated.get(e.price().provider() + "\u0000" + e.price().model())
                    : null;
            data.add(view(e.price(), e.origin(), at));
        }
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("object", "list");
        list.set("data", data);
        send(response, 200, list, PriceList.class);
    }

    @Override
    protected void handleSetPrice(
            ServerRequest request, ServerResponse response, String provider, String model, PriceSetRequest body) {
        if (!providers.ids().contains(provider)) {
            throw GatewayException.invalidRequest(
                    "Unknown provider '" + provider + "': use one of "
                            + providers.ids().stream().sorted().toList() + ".",
                    "provider");
        }
        Price price = new Price(
                provider,
                model,
                required(body.getInput(), "input"),
                price(body.getCachedInput(), "cached_input"),
                price(body.getCacheWrite(), "cache_write"),
                required(body.getOutput(), "output"),
                price(body.getReasoning(), "reasoning"),
                body.getAsOf(),
                body.getSource());
        PriceOverrideRepository.StoredPrice stored = overrides.put(price);
        prices.refresh();
        send(response, 200, view(stored.price(), PriceEntry.Origin.ADMIN, stored.updatedAt()), PriceRecord.class);
    }

    @Override
    protected void handleDeletePrice(ServerRequest request, ServerResponse response, String provider, String model) {
        if (!overrides.delete(provider, model)) {
            throw new GatewayException(
                    404,
                    GatewayException.NOT_FOUND,
                    "No price override is set for model '" + model + "' of provider '" + provider
                            + "' (GET /v1/admin/prices lists them: origin admin).",
                    "model",
                    "price_not_found");
        }
        prices.refresh();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", provider + "/" + model);
        n.put("object", "price");
        n.put("deleted", true);
        send(response, 200, n, AdminDeleted.class);
    }

    private static BigDecimal required(BigDecimal usd, String param) {
        if (usd == null) {
            throw GatewayException.invalidRequest(
                    param + " is required: US dollars per million tokens, a number >= 0.", param);
        }
        return price(usd, param);
    }

    /** The spec's minimum is checked by the parser too; kept here so that no path stores a negative price. */
    private static BigDecimal price(BigDecimal usd, String param) {
        if (usd != null && usd.signum() < 0) {
            throw GatewayException.invalidRequest(
                    param + " must be a number of US dollars per million tokens, >= 0.", param);
        }
        return usd;
    }

    private static ObjectNode view(Price p, PriceEntry.Origin origin, Long updatedAt) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("object", "price");
        n.put("provider", p.provider());
        n.put("model", p.model());
        n.put("input", p.input());
        putIfSet(n, "cached_input", p.cachedInput());
        putIfSet(n, "cache_write", p.cacheWrite());
        n.put("output", p.output());
        putIfSet(n, "reasoning", p.reasoning());
        if (p.asOf() != null) {
            n.put("as_of", p.asOf());
        }
        if (p.source() != null) {
            n.put("source", p.source());
        }
        n.put("origin", origin.wire());
        if (updatedAt != null) {
            n.put("updated_at", updatedAt);
        }
        return n;
    }

    private static void putIfSet(ObjectNode n, String name, BigDecimal v) {
        if (v != null) {
            n.put(name, v);
        }
    }

    private static void send(ServerResponse response, int status, ObjectNode body, Class<?> type) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(STRICT.treeToValue(body, type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "admin answer does not fit " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(bytes);
    }
}
