package io.jetway.gateway.usage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The price table: the one shipped with Jetway ({@code prices.json} next to this class, per model
 * with the date and the pricing page it was read from), extended or overridden by an operator's
 * file of the same format ({@code JETWAY_PRICES_FILE}). A model not in the table has no price:
 * its cost is null, never a guess. Overrides set through the admin API go over both
 * ({@link #withOverrides}, kept current on every node by {@link LivePrices}).
 *
 * <p>A model is found by its exact name for its provider, or by that name without a date suffix
 * ({@code gpt-4o-2024-08-06}, {@code claude-sonnet-4-5-20250929}, {@code claude-sonnet-4-5@20250929})
 * or a Bedrock cross-region prefix ({@code us.}, {@code eu.}, {@code apac.}, {@code global.}).
 */
public final class Prices {

    static final String RESOURCE = "prices.json";
    private static final ObjectMapper READER =
            Json.MAPPER.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Map<String, Price> byProviderModel;
    /** Per model name, the dearest of its providers' prices: to reserve before the provider is chosen. */
    private final Map<String, Price> byModel;
    /** Every effective price with its origin, in table order (a later entry replaced an earlier one). */
    private final Map<String, PriceEntry> entries;

    private Prices(Collection<PriceEntry> prices) {
        Map<String, PriceEntry> all = new java.util.LinkedHashMap<>();
        for (PriceEntry e : prices) {
            all.put(e.price().provider() + "\u0000" + e.price().model(), e);
        }
        Map<String, Price> exact = new HashMap<>();
        all.forEach((k, e) -> exact.put(k, e.price()));
        Map<String, Price> models = new HashMap<>();
        for (Price p : exact.values()) {
            models.merge(p.model(), p, (a, b) -> a.output().compareTo(b.output()) >= 0 ? a : b);
        }
        this.byProviderModel = Map.copyOf(exact);
        this.byModel = Map.copyOf(models);
        this.entries = java.util.Collections.unmodifiableMap(all);
    }

    private static List<PriceEntry> tagged(Collection<Price> prices, PriceEntry.Origin origin) {
        return prices.stream().map(p -> new PriceEntry(p, origin)).toList();
    }

    /** This table with {@code overrides} (the admin API's) over it. */
    public Prices withOverrides(Collection<Price> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        List<PriceEntry> all = new ArrayList<>(entries.values());
        all.addAll(tagged(overrides, PriceEntry.Origin.ADMIN));
        return new Prices(all);
    }

    /** Every effective price with where it comes from, by provider then model. */
    public List<PriceEntry> entries() {
        return entries.values().stream()
                .sorted(java.util.Comparator.comparing(
                                (PriceEntry e) -> e.price().provider())
                        .thenComparing(e -> e.price().model()))
                .toList();
    }

    /** The shipped table, then {@code overrideFile}'s entries over it (null: none). */
    public static Prices load(Path overrideFile) {
        List<PriceEntry> all = new ArrayList<>();
        try (InputStream in = Prices.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the price table " + RESOURCE + " is missing from the classpath");
            }
            all.addAll(tagged(parse(READER.readTree(in), RESOURCE), PriceEntry.Origin.SHIPPED));
        } catch (IOException e) {
            throw new IllegalStateException("the shipped price table cannot be read: " + e.getMessage(), e);
        }
        if (overrideFile != null) {
            try {
                all.addAll(tagged(
                        parse(READER.readTree(Files.readAllBytes(overrideFile)), overrideFile.toString()),
                        PriceEntry.Origin.FILE));
            } catch (IOException e) {
                throw new IllegalArgumentException("JETWAY_PRICES_FILE " + overrideFile + " cannot be read as a "
                        + "price table: " + e.getMessage());
            }
        }
        return new Prices(all);
    }

    /** A table of exactly these prices (tests). */
    public static Prices of(Collection<Price> prices) {
        return new Prices(tagged(prices, PriceEntry.Origin.SHIPPED));
    }

    /** The shipped table alone. */
    public static Prices shipped() {
        return load(null);
    }

    /** {@code model}'s price at {@code provider}, or null when the table has none. */
    public Price find(String provider, String model) {
        if (provider == null || model == null) {
            return null;
        }
        Price p = byProviderModel.get(provider + "\u0000" + model);
        if (p != null) {
            return p;
        }
        String base = base(model);
        return base.equals(model) ? null : byProviderModel.get(provider + "\u0000" + base);
    }

    /** The dearest price of {@code model} at any provider, or null. */
    public Price findAnyProvider(String model) {
        if (model == null) {
            return null;
        }
        Price p = byModel.get(model);
        return p != null ? p : byModel.get(base(model));
    }

    public int size() {
        return byProviderModel.size();
    }

    /** The model's name without a Bedrock region prefix and without a date suffix. */
    static String base(String model) {
        String m = model;
        for (String region : new String[] {"us.", "eu.", "apac.", "global."}) {
            if (m.startsWith(region)) {
                m = m.substring(region.length());
                break;
            }
        }
        int at = m.lastIndexOf('@');
        if (at > 0 && digits(m, at + 1, m.length()) == 8) {
            return m.substring(0, at);
        }
        // -YYYY-MM-DD
        int n = m.length();
        if (n > 11
                && m.charAt(n - 11) == '-'
                && m.charAt(n - 6) == '-'
                && m.charAt(n - 3) == '-'
                && digits(m, n - 10, n - 6) == 4
                && digits(m, n - 5, n - 3) == 2
                && digits(m, n - 2, n) == 2) {
            return m.substring(0, n - 11);
        }
        // -YYYYMMDD
        if (n > 9 && m.charAt(n - 9) == '-' && digits(m, n - 8, n) == 8) {
            return m.substring(0, n - 9);
        }
        return m;
    }

    private static int digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return to - from;
    }

    private static List<Price> parse(JsonNode root, String where) {
        JsonNode models = root.path("models");
        if (!models.isArray()) {
            throw new IllegalArgumentException(where + ": expected {\"models\": [...]}");
        }
        List<Price> out = new ArrayList<>();
        int i = 0;
        for (JsonNode m : models) {
            String at = where + " models[" + i++ + "]";
            String model = text(m, "model", at);
            BigDecimal input = price(m, "input", at, true);
            BigDecimal output = price(m, "output", at, true);
            JsonNode providers = m.path("providers");
            if (!providers.isArray() || providers.isEmpty()) {
                throw new IllegalArgumentException(at + ": providers must be a non-empty array of provider names");
            }
            for (JsonNode provider : providers) {
                out.add(new Price(
                        provider.asText(),
                        model,
                        input,
                        price(m, "cached_input", at, false),
                        price(m, "cache_write", at, false),
                        output,
                        price(m, "reasoning", at, false),
                        m.path("as_of").asText(null),
                        m.path("source").asText(null)));
            }
        }
        return out;
    }

    private static String text(JsonNode m, String field, String at) {
        JsonNode v = m.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(at + ": " + field + " must be a non-empty string");
        }
        return v.asText();
    }

    private static BigDecimal price(JsonNode m, String field, String at, boolean required) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(at + ": " + field + " (USD per million tokens) is required");
            }
            return null;
        }
        if (!v.isNumber() || v.decimalValue().signum() < 0) {
            throw new IllegalArgumentException(at + ": " + field + " must be a number of USD per million tokens, >= 0");
        }
        return v.decimalValue();
    }
}
