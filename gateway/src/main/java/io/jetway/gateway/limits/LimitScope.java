package io.jetway.gateway.limits;

import java.util.Locale;

/** Whose limits: a gateway API key (its id), a virtual key (its id), or an end user ({@code _user} in the metadata). */
public enum LimitScope {
    API_KEY,
    VIRTUAL_KEY,
    USER;

    /** The name in the admin API and the store: {@code api_key}, {@code virtual_key}, {@code user}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named {@code wire}, or null. */
    public static LimitScope of(String wire) {
        for (LimitScope s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        return null;
    }
}
