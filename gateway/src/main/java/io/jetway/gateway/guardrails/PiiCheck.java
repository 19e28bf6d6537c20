package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code jetway.pii} (beyond Portkey): personal data in the text — e-mail addresses, phone numbers,
 * card numbers (13 to 19 digits passing Luhn's check) and IBANs (passing ISO 13616's mod-97 check).
 * Parameters: {@code categories} (any of {@code email}, {@code phone}, {@code card}, {@code iban};
 * default all) and {@code redact} (default false).
 * <ul>
 *   <li>Detect (default): fails when any is found. Before the request it looks at every message, not
 *       only the last, since the whole conversation is sent; after, at the answer.</li>
 *   <li>Redact, before the request: every message's text has each finding replaced by
 *       {@code [EMAIL]}, {@code [PHONE]}, {@code [CARD]} or {@code [IBAN]}, and that request is what
 *       goes to the provider; the check passes (nothing personal leaves). On an answer redact acts as detect.</li>
 * </ul>
 * Results say how many of each were found, never the values. All patterns run on RE2/J (linear time).
 */
final class PiiCheck implements CheckFunction {

    enum Category {
        CARD,
        IBAN,
        EMAIL,
        PHONE
    }

    private static final Pattern CARD = Pattern.compile("\\b\\d(?:[ -]?\\d){12,18}\\b");
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b");
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern PHONE =
            Pattern.compile("(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){1,4}");

    static void register(Map<String, CheckFunction> registry) {
        registry.put("jetway.pii", new PiiCheck());
    }

    @Override
    public void validate(ObjectNode parameters, String path, List<String> problems) {
        JsonNode cs = parameters.get("categories");
        if (cs != null && !cs.isNull()) {
            if (!cs.isArray() || cs.isEmpty()) {
                problems.add(path + ".parameters.categories must be a non-empty array of email, phone, card, iban");
            } else {
                for (JsonNode c : cs) {
                    if (category(c.asText()) == null) {
                        problems.add(path + ".parameters.categories: '" + c.asText()
                                + "' is not one of email, phone, card, iban");
                    }
                }
            }
        }
        JsonNode r = parameters.get("redact");
        if (r != null && !r.isNull() && !r.isBoolean()) {
            problems.add(path + ".parameters.redact must be true or false");
        }
    }

    private static Category category(String name) {
        for (Category c : Category.values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    @Override
    public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
        Set<Category> categories = EnumSet.allOf(Category.class);
        if (parameters.path("categories").isArray()
                && !parameters.get("categories").isEmpty()) {
            categories = EnumSet.noneOf(Category.class);
            for (JsonNode c : parameters.get("categories")) {
                Category cat = category(c.asText());
                if (cat != null) {
                    categories.add(cat);
                }
            }
        }
        boolean redact = parameters.path("redact").asBoolean(false) && event == Event.BEFORE_REQUEST;
        EnumMap<Category, Integer> counts = new EnumMap<>(Category.class);
        ObjectNode rewritten = null;
        if (event == Event.BEFORE_REQUEST) {
            ObjectNode request = redact ? context.request().deepCopy() : context.request();
            for (JsonNode message : request.path("messages")) {
                if (!(message instanceof ObjectNode m)) {
                    continue;
                }
                JsonNode content = m.get("content");
                if (content != null && content.isTextual()) {
                    String out = scan(content.asText(), categories, counts, redact);
                    if (redact) {
                        m.set("content", TextNode.valueOf(out));
                    }
                } else if (content != null && content.isArray()) {
                    for (JsonNode part : content) {
                        if (part instanceof ObjectNode p && p.path("text").isTextual()) {
                            String out = scan(p.get("text").asText(), categories, counts, redact);
                            if (redact) {
                                p.put("text", out);
                            }
                        }
                    }
                }
            }
            if (redact && !counts.isEmpty()) {
                rewritten = request;
            }
        } else {
            scan(context.text(event), categories, counts, false);
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        boolean verdict = total == 0 || rewritten != null;
        ObjectNode data = Params.object();
        data.put("verdict", verdict);
        data.put(
                "explanation",
                total == 0
                        ? "No personal data found."
                        : rewritten != null
                                ? "Personal data found and redacted before the request was sent: " + summary(counts)
                                        + "."
                                : "Personal data found: " + summary(counts) + ".");
        ObjectNode found = data.putObject("found");
        for (Category c : categories) {
            found.put(c.name().toLowerCase(Locale.ROOT), counts.getOrDefault(c, 0));
        }
        data.put("redacted", rewritten != null);
        return new CheckResult(verdict, null, data, rewritten);
    }

    private static String summary(EnumMap<Category, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((c, n) -> parts.add(n + " " + c.name().toLowerCase(Locale.ROOT)));
        return String.join(", ", parts);
    }

    /**
     * Counts the findings in {@code text}; returns it with them replaced when {@code redact}.
     * The patterns run only on short windows that can hold a finding (RE2/J simulates the whole
     * automaton per character, so running four patterns over a whole prompt would cost ~0.5 ms per KB):
     * around each {@code @} for e-mail addresses, and over runs of digits, capitals and separators
     * holding at least 7 digits for the rest. A window's edges count as word boundaries.
     */
    static String scan(String text, Set<Category> categories, Map<Category, Integer> counts, boolean redact) {
        List<int[]> spans = new ArrayList<>();
        boolean numbers = categories.contains(Category.CARD)
                || categories.contains(Category.IBAN)
                || categories.contains(Category.PHONE);
        for (int i = 0; i < text.length(); ) {
            char ch = text.charAt(i);
            if (numbers && isNumberChar(ch)) {
                int end = i;
                int digits = 0;
                while (end < text.length() && isNumberChar(text.charAt(end))) {
                    digits += Character.isDigit(text.charAt(end)) && text.charAt(end) < 128 ? 1 : 0;
                    end++;
                }
                if (digits >= 7) {
                    for (Category c : List.of(Category.CARD, Category.IBAN, Category.PHONE)) {
                        if (categories.contains(c)) {
                            find(c, text, i, end, spans, counts);
                        }
                    }
                }
                i = end;
            } else {
                i++;
            }
        }
        if (categories.contains(Category.EMAIL)) {
            for (int a = text.indexOf('@'); a >= 0; a = text.indexOf('@', a + 1)) {
                int from = a;
                while (from > 0 && isLocalChar(text.charAt(from - 1))) {
                    from--;
                }
                int to = a + 1;
                while (to < text.length() && isDomainChar(text.charAt(to))) {
                    to++;
                }
                find(Category.EMAIL, text, from, to, spans, counts);
            }
        }
        if (!redact || spans.isEmpty()) {
            return text;
        }
        spans.sort((a, b) -> Integer.compare(a[0], b[0]));
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int[] s : spans) {
            out.append(text, from, s[0])
                    .append('[')
                    .append(Category.values()[s[2]].name())
                    .append(']');
            from = s[1];
        }
        return out.append(text, from, text.length()).toString();
    }

    /** Matches of {@code c} in {@code text[from, to)} that pass its check and overlap no earlier finding. */
    private static void find(
            Category c, String text, int from, int to, List<int[]> spans, Map<Category, Integer> counts) {
        Matcher m = pattern(c).matcher(text.substring(from, to));
        while (m.find()) {
            int start = from + m.start();
            int end = from + m.end();
            if (!overlaps(spans, start, end) && valid(c, text.substring(start, end))) {
                spans.add(new int[] {start, end, c.ordinal()});
                counts.merge(c, 1, Integer::sum);
            }
        }
    }

    private static boolean isNumberChar(char c) {
        return (c >= '0' && c <= '9')
                || (c >= 'A' && c <= 'Z')
                || c == ' '
                || c == '+'
                || c == '('
                || c == ')'
                || c == '.'
                || c == '-';
    }

    private static boolean isLocalChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "._%+-".indexOf(c) >= 0;
    }

    private static boolean isDomainChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }

    private static Pattern pattern(Category c) {
        return switch (c) {
            case CARD -> CARD;
            case IBAN -> IBAN;
            case EMAIL -> EMAIL;
            case PHONE -> PHONE;
        };
    }

    private static boolean overlaps(List<int[]> spans, int start, int end) {
        for (int[] s : spans) {
            if (start < s[1] && s[0] < end) {
                return true;
            }
        }
        return false;
    }

    static boolean valid(Category c, String found) {
        return switch (c) {
            case CARD -> luhn(digits(found));
            case IBAN -> iban(found.replace(" ", ""));
            case EMAIL -> true;
            case PHONE -> {
                int n = digits(found).length();
                // A bare run of digits is a phone number only with a leading + (else it may be any number).
                boolean separated = found.startsWith("+")
                        || found.indexOf(' ') > 0
                        || found.indexOf('-') > 0
                        || found.indexOf('.') > 0
                        || found.indexOf('(') >= 0;
                yield n >= 7 && n <= 15 && separated;
            }
        };
    }

    static String digits(String s) {
        StringBuilder d = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                d.append(s.charAt(i));
            }
        }
        return d.toString();
    }

    /** Luhn's check over 13 to 19 digits. */
    static boolean luhn(String digits) {
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616: 15 to 34 characters; the first four moved to the end, letters as 10..35, mod 97 is 1. */
    static boolean iban(String iban) {
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String moved = iban.substring(4) + iban.substring(0, 4);
        int rest = 0;
        for (int i = 0; i < moved.length(); i++) {
            char ch = moved.charAt(i);
            int v;
            if (ch >= '0' && ch <= '9') {
                v = ch - '0';
                rest = (rest * 10 + v) % 97;
            } else if (ch >= 'A' && ch <= 'Z') {
                v = ch - 'A' + 10;
                rest = (rest * 100 + v) % 97;
            } else {
                return false;
            }
        }
        return rest == 1;
    }
}
