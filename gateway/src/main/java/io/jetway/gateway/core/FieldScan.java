package io.jetway.gateway.core;

import java.nio.charset.StandardCharsets;

/**
 * A cheap, conservative test of whether a raw JSON body can contain any of some field names: a
 * byte search for each name in quotes. A miss proves the field is absent (so the body need not be
 * parsed into a tree); a hit only means "parse and look" (the text could sit inside a string).
 */
public final class FieldScan {

    private final byte[][] needles;

    private FieldScan(byte[][] needles) {
        this.needles = needles;
    }

    /** A scan for these JSON field names. */
    public static FieldScan of(Iterable<String> names) {
        java.util.List<byte[]> n = new java.util.ArrayList<>();
        for (String name : names) {
            n.add(('"' + name + '"').getBytes(StandardCharsets.UTF_8));
        }
        return new FieldScan(n.toArray(new byte[0][]));
    }

    public static FieldScan of(String... names) {
        return of(java.util.List.of(names));
    }

    /** False only when none of the names can occur in {@code raw}. */
    public boolean mayContain(byte[] raw) {
        for (byte[] needle : needles) {
            if (indexOf(raw, needle) >= 0) {
                return true;
            }
        }
        return false;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
