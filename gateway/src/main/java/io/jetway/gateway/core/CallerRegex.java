package io.jetway.gateway.core;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A caller's {@code $regex} of conditional routing, run on RE2/J: matching takes time linear in
 * the input (times the pattern's size), whatever the pattern, so a pattern such as
 * {@code (.*?,){11}P} cannot stall the gateway. The price is RE2's syntax: no backreferences,
 * lookahead/lookbehind, possessive quantifiers or atomic groups (refused when the config is parsed).
 *
 * <p>Bounds, each checked when the config is parsed (a 400 naming the pattern's path):
 * <ul>
 *   <li>a pattern is at most {@value #MAX_PATTERN_LENGTH} characters;</li>
 *   <li>its compiled program is at most {@value #MAX_PROGRAM_SIZE} instructions: counted repetitions
 *       expand ({@code (a{100}){100}} is 10,000 copies), and RE2/J would build such a program without
 *       limit, so the size is estimated from the text before compiling;</li>
 * </ul>
 * and when matching: a value longer than {@value #MAX_INPUT_LENGTH} characters never matches
 * ({@code $regex} is false for it). Worst case per match: about program size × input length steps,
 * a few milliseconds.
 *
 * <p>Compiled patterns are remembered (up to {@value #MAX_REMEMBERED}, then forgotten at once):
 * configs are parsed per request, and the same few patterns come on every request.
 */
public final class CallerRegex {

    public static final int MAX_PATTERN_LENGTH = 1_000;
    public static final int MAX_PROGRAM_SIZE = 2_000;
    public static final int MAX_INPUT_LENGTH = 1_024;
    static final int MAX_REMEMBERED = 1_024;
    /** The text-based estimate is an over-estimate: compiling is allowed up to this much. */
    private static final long MAX_ESTIMATE = 10L * MAX_PROGRAM_SIZE;

    private static final ConcurrentHashMap<String, CallerRegex> COMPILED = new ConcurrentHashMap<>();

    private final Pattern pattern;

    private CallerRegex(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * The pattern compiled, or an {@link IllegalArgumentException} whose message says what is wrong
     * with it (to follow the pattern's path in a 400).
     */
    public static CallerRegex compile(String pattern) {
        CallerRegex known = COMPILED.get(pattern);
        if (known != null) {
            return known;
        }
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("is longer than " + MAX_PATTERN_LENGTH + " characters");
        }
        String tooLarge = "expands to more than " + MAX_PROGRAM_SIZE + " instructions (large or nested counted "
                + "repetitions such as (a{100}){100}); simplify it";
        if (estimatedSize(pattern) > MAX_ESTIMATE) {
            throw new IllegalArgumentException(tooLarge);
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            String at = e.getPattern() == null || e.getPattern().isEmpty() ? "" : " at `" + e.getPattern() + "`";
            throw new IllegalArgumentException("is not a valid RE2 regular expression: " + e.getDescription() + at
                    + " (patterns use RE2 syntax, matched in linear time: no backreferences, lookahead or lookbehind, "
                    + "possessive quantifiers or atomic groups)");
        }
        if (compiled.programSize() > MAX_PROGRAM_SIZE) {
            throw new IllegalArgumentException(tooLarge);
        }
        CallerRegex regex = new CallerRegex(compiled);
        if (COMPILED.size() >= MAX_REMEMBERED) {
            COMPILED.clear();
        }
        COMPILED.put(pattern, regex);
        return regex;
    }

    /** Whether the pattern occurs in {@code value}; never for a value over {@value #MAX_INPUT_LENGTH} characters. */
    public boolean find(String value) {
        return value.length() <= MAX_INPUT_LENGTH && pattern.matcher(value).find();
    }

    /**
     * A matcher over {@code text} of any length, for guardrail checks, which look at whole prompts and
     * answers: still linear in the text, so the caller bounds the text, not the engine.
     */
    public com.google.re2j.Matcher matcher(CharSequence text) {
        return pattern.matcher(text);
    }

    public String pattern() {
        return pattern.pattern();
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }

    /**
     * An upper bound of the compiled program's size, from the text alone: every atom counts one,
     * a group counts its content, a counted repetition multiplies what it repeats by its largest
     * count. Syntax errors are not judged here (the compiler reports them); saturates well below
     * overflow.
     */
    static long estimatedSize(String p) {
        final long cap = 1L << 40;
        ArrayDeque<long[]> outer = new ArrayDeque<>();
        long total = 0;
        long last = 0;
        int i = 0;
        int n = p.length();
        while (i < n) {
            char c = p.charAt(i);
            long atom = 1;
            switch (c) {
                case '\\' -> {
                    if (i + 1 < n && p.charAt(i + 1) == 'Q') {
                        int end = p.indexOf("\\E", i + 2);
                        end = end < 0 ? n : end;
                        atom = Math.max(1, end - (i + 2));
                        i = Math.min(n, end + 2);
                    } else {
                        i = skipEscape(p, i);
                    }
                }
                case '[' -> i = skipClass(p, i);
                case '(' -> {
                    outer.push(new long[] {total, last});
                    total = 0;
                    last = 0;
                    i++;
                    continue;
                }
                case ')' -> {
                    i++;
                    if (outer.isEmpty()) {
                        break;
                    }
                    atom = Math.max(1, total) + 2;
                    long[] parent = outer.pop();
                    total = parent[0];
                }
                case '|' -> {
                    total = Math.min(cap, total + 1);
                    last = 0;
                    i++;
                    continue;
                }
                case '*', '+', '?' -> {
                    total = Math.min(cap, total + 2);
                    last = Math.min(cap, last + 2);
                    i++;
                    continue;
                }
                case '{' -> {
                    long[] repeat = repeat(p, i);
                    if (repeat != null) {
                        long times = repeat[0];
                        total = Math.min(cap, total + Math.min(cap, last * Math.max(0, times - 1)) + 2);
                        last = Math.min(cap, last * times + 2);
                        i = (int) repeat[1];
                        continue;
                    }
                    i++;
                }
                default -> i++;
            }
            total = Math.min(cap, total + atom);
            last = atom;
        }
        while (!outer.isEmpty()) {
            total = Math.min(cap, outer.pop()[0] + Math.max(1, total) + 2);
        }
        return total;
    }

    /** After the escape starting at {@code i}: {@code \p{Greek}}, {@code \x{41}} or a backslash and one character. */
    private static int skipEscape(String p, int i) {
        int n = p.length();
        if (i + 2 < n && "pPx".indexOf(p.charAt(i + 1)) >= 0 && p.charAt(i + 2) == '{') {
            int end = p.indexOf('}', i + 3);
            return end < 0 ? n : end + 1;
        }
        return Math.min(n, i + 2);
    }

    /** After the character class starting at {@code i} ({@code [...]}, with escapes and {@code [:alpha:]}). */
    private static int skipClass(String p, int i) {
        int n = p.length();
        int j = i + 1;
        if (j < n && p.charAt(j) == '^') {
            j++;
        }
        if (j < n && p.charAt(j) == ']') {
            j++;
        }
        while (j < n) {
            char c = p.charAt(j);
            if (c == '\\') {
                j = skipEscape(p, j);
            } else if (c == '[' && j + 1 < n && p.charAt(j + 1) == ':') {
                int end = p.indexOf(":]", j + 2);
                j = end < 0 ? n : end + 2;
            } else if (c == ']') {
                return j + 1;
            } else {
                j++;
            }
        }
        return n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i}: {the largest count (n + 1 for
     * {@code {n,}}), the index after it}; null when the brace is a literal.
     */
    private static long[] repeat(String p, int i) {
        int n = p.length();
        int j = i + 1;
        long min = 0;
        int digits = 0;
        while (j < n && isDigit(p.charAt(j)) && digits < 9) {
            min = min * 10 + (p.charAt(j++) - '0');
            digits++;
        }
        if (digits == 0 || j >= n) {
            return null;
        }
        if (p.charAt(j) == '}') {
            return new long[] {min, j + 1};
        }
        if (p.charAt(j) != ',') {
            return null;
        }
        j++;
        long max = 0;
        digits = 0;
        while (j < n && isDigit(p.charAt(j)) && digits < 9) {
            max = max * 10 + (p.charAt(j++) - '0');
            digits++;
        }
        if (j >= n || p.charAt(j) != '}') {
            return null;
        }
        return new long[] {digits == 0 ? min + 1 : Math.max(min, max), j + 1};
    }
}
