package io.jetway.gateway.observability;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the {@code model} label's cardinality bounded: model names come from callers, so a
 * caller could otherwise create a new time series per request. The first {@code max} distinct
 * names are kept (cut to {@value #MAX_LENGTH} characters); later new names are reported as
 * {@value #OTHER}. Thread-safe; the bound may be exceeded by a few under a race, never more.
 */
final class ModelLabels {

    static final String OTHER = "other";
    static final String NONE = "none";
    static final int MAX_LENGTH = 100;

    private final int max;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    ModelLabels(int max) {
        this.max = max;
    }

    String of(String model) {
        if (model == null || model.isBlank()) {
            return NONE;
        }
        String m = model.length() > MAX_LENGTH ? model.substring(0, MAX_LENGTH) : model;
        if (seen.contains(m)) {
            return m;
        }
        if (seen.size() >= max) {
            return OTHER;
        }
        seen.add(m);
        return m;
    }
}
