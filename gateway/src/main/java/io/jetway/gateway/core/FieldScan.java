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

    /**
     * False only when none of the names can occur with a string value (the name in quotes, then
     * optional whitespace, a colon, optional whitespace and a quote).
     */
    public boolean mayContainStringValue(byte[] raw) {
        for (byte[] needle : needles) {
            for (int from = 0, at; (at = indexOf(raw, needle, from)) >= 0; from = at + 1) {
                int i = skipSpace(raw, at + needle.length);
                if (i < raw.length && raw[i] == ':') {
                    i = skipSpace(raw, i + 1);
                    if (i < raw.length && raw[i] == '"') {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static int skipSpace(byte[] raw, int i) {
        while (i < raw.length && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r')) {
            i++;
        }
        return i;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0);
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from, last = haystack.length - needle.length; i <= last; i++) {
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
