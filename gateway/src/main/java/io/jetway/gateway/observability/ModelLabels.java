package io.jetway.gateway.observability;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the {@code model} label bounded, in count and in length: model names come from callers,
 * so a caller could otherwise create a new time series per request, or make every series long
 * (each label value is repeated on every line of every series: 200 names of 100 characters made
 * {@code /metrics} 2.3 MB). The first {@code max} distinct labels are kept; later new ones are
 * reported as {@value #OTHER}. A name of at most {@value #MAX_LENGTH} characters is its own label;
 * a longer one becomes its first {@value #KEPT} characters, {@code ~} and 8 hex digits of a hash of
 * the whole name ({@value #MAX_LENGTH} characters in all), so that long names sharing a prefix
 * (fine-tuned models, ARNs) stay apart. Thread-safe; the bound may be exceeded by a few under a
 * race, never more.
 */
final class ModelLabels {

    static final String OTHER = "other";
    static final String NONE = "none";
    static final int MAX_LENGTH = 64;
    /** Characters of a long name kept before {@code ~} and its hash. */
    static final int KEPT = MAX_LENGTH - 9;

    private final int max;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    ModelLabels(int max) {
        this.max = max;
    }

    String of(String model) {
        if (model == null || model.isBlank()) {
            return NONE;
        }
        String m = model.length() > MAX_LENGTH ? shortened(model) : model;
        if (seen.contains(m)) {
            return m;
        }
        if (seen.size() >= max) {
            return OTHER;
        }
        seen.add(m);
        return m;
    }

    /** A long name's label: its first {@value #KEPT} characters, {@code ~}, 8 hex digits of its hash. */
    static String shortened(String model) {
        String hash = Integer.toHexString(model.hashCode());
        return model.substring(0, KEPT) + "~" + "0".repeat(8 - hash.length()) + hash;
    }
}
