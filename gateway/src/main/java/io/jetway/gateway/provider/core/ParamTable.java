package io.jetway.gateway.provider.core;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one translating provider does with each top-level Chat Completions field: keeps it, renames
 * it, clamps its value, drops it or refuses it, each entry with the condition under which it
 * holds and the documentation page that says so (the shape
 * {@link io.jetway.gateway.provider.openai.CompatibleProviders} uses for OpenAI-compatible ones).
 *
 * <p>The table is the provider's statement; the mapper's code carries it out (message walking stays
 * code). A field the table does not keep, rename, clamp or refuse is dropped: named in
 * {@code x-jetway-dropped-params} whenever a request holds it with a value other than OpenAI's
 * default ({@link io.jetway.gateway.core.RequestFields#present}), so that a field OpenAI adds
 * tomorrow is named too. Conditional drops (a {@code service_tier} the provider lacks) are named by
 * the mapper, which knows the value.
 */
public final class ParamTable {

    /** What a provider does with a field. */
    public enum Action {
        /** Sent under the same meaning (possibly reshaped, as {@code tools}). */
        KEEP,
        /** Sent under the provider's name. */
        RENAME,
        /** Sent, with its value limited to the provider's range. */
        CLAMP,
        /** Not sent; named in {@code x-jetway-dropped-params}. */
        DROP,
        /** A 400 naming the field: leaving it out would change the answer the caller asked for. */
        REJECT
    }

    /**
     * @param name      the OpenAI field
     * @param action    what the provider does with it
     * @param as        the provider's name or place for it (for RENAME and CLAMP; else null)
     * @param condition when the action holds (empty: always)
     * @param source    the documentation page it is based on
     */
    public record Param(String name, Action action, String as, String condition, String source) {

        /** Whether the provider uses the field (kept, renamed, clamped), or refuses it itself. */
        boolean handled() {
            return switch (action) {
                case KEEP, RENAME, CLAMP, REJECT -> true;
                case DROP -> false;
            };
        }
    }

    private final String provider;
    private final Map<String, Param> params;
    private final Set<String> handled;

    private ParamTable(String provider, Map<String, Param> params) {
        this.provider = provider;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        Set<String> h = new LinkedHashSet<>();
        for (Param p : params.values()) {
            if (p.handled()) {
                h.add(p.name());
            }
        }
        this.handled = Collections.unmodifiableSet(h);
    }

    /** A table for {@code provider}, filled by the builder's calls in the order given. */
    public static Builder of(String provider) {
        return new Builder(provider);
    }

    public String provider() {
        return provider;
    }

    /** The entries, in the order declared. */
    public Collection<Param> params() {
        return params.values();
    }

    /** The entry for {@code name}, or null: a field without an entry is dropped. */
    public Param param(String name) {
        return params.get(name);
    }

    /** The fields the provider keeps, renames, clamps or refuses. */
    public Set<String> handled() {
        return handled;
    }

    /**
     * What to report in {@code x-jetway-dropped-params} for this call: every field present that
     * the table does not handle, then what the mapper dropped beyond that.
     */
    public List<String> dropped(EffectiveRequest request, Collection<String> droppedByMapper) {
        return DroppedParams.of(request, handled, droppedByMapper);
    }

    /** Fills a table; each field once. */
    public static final class Builder {
        private final String provider;
        private final Map<String, Param> params = new LinkedHashMap<>();

        private Builder(String provider) {
            this.provider = provider;
        }

        public Builder keep(String name, String condition, String source) {
            return add(new Param(name, Action.KEEP, null, condition, source));
        }

        public Builder rename(String name, String as, String condition, String source) {
            return add(new Param(name, Action.RENAME, as, condition, source));
        }

        public Builder clamp(String name, String as, String condition, String source) {
            return add(new Param(name, Action.CLAMP, as, condition, source));
        }

        public Builder drop(String name, String condition, String source) {
            return add(new Param(name, Action.DROP, null, condition, source));
        }

        public Builder reject(String name, String condition, String source) {
            return add(new Param(name, Action.REJECT, null, condition, source));
        }

        private Builder add(Param p) {
            if (params.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException(provider + ": " + p.name() + " is listed twice");
            }
            return this;
        }

        public ParamTable build() {
            return new ParamTable(provider, params);
        }
    }
}
