package io.jetway.gateway.core;

import java.util.Map;

/** Whole-number settings from the environment, checked against their range. */
public final class EnvNumbers {

    private EnvNumbers() {}

    /**
     * The variable's value, or {@code fallback} when it is unset or blank.
     *
     * @throws IllegalArgumentException naming the variable and its range when the value is not a whole
     *     number within it
     */
    public static long number(Map<String, String> env, String name, long fallback, long min, long max) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(
                name + " must be an integer between " + min + " and " + max + ", not '" + v + "'");
    }
}
