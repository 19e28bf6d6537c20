package io.jetway.gateway.usage;

/** One effective price and where it comes from. */
public record PriceEntry(Price price, Origin origin) {

    /** Where a price comes from; a later origin overrides an earlier one for the same provider and model. */
    public enum Origin {
        /** The table shipped with Jetway ({@code prices.json}). */
        SHIPPED,
        /** The operator's {@code JETWAY_PRICES_FILE}. */
        FILE,
        /** Set through the admin API ({@code /v1/admin/prices}), stored in the database. */
        ADMIN;

        /** The name in the admin API: {@code shipped}, {@code file}, {@code admin}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
