package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Matcher;
import io.jetway.gateway.core.CallerRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Portkey's text checks ({@code plugins/default}): regexMatch, sentenceCount, wordCount,
 * characterCount, endsWith, alluppercase, alllowercase, contains and notNull, each on the text
 * Portkey gives it ({@link HookContext#text}) with its explanations. Counts and bounds take the
 * manifest's defaults when absent. Regexes run on RE2/J ({@link CallerRegex}): linear in the text.
 */
final class TextChecks {

    private TextChecks() {}

    static void register(Map<String, CheckFunction> registry) {
        registry.put("default.regexMatch", new RegexMatch());
        registry.put("default.sentenceCount", new Count("sentence", "minSentences", "maxSentences", 0, 99999));
        registry.put("default.wordCount", new Count("word", "minWords", "maxWords", 0, 99999));
        registry.put("default.characterCount", new Count("character", "minCharacters", "maxCharacters", 0, 9999999));
        registry.put("default.endsWith", new EndsWith());
        registry.put("default.alluppercase", new LetterCase(true));
        registry.put("default.alllowercase", new LetterCase(false));
        registry.put("default.contains", new Contains());
        registry.put("default.notNull", new NotNull());
    }

    /** {@code regexMatch}: {@code rule} (required), {@code not}. */
    static final class RegexMatch implements CheckFunction {
        @Override
        public void validate(ObjectNode parameters, String path, List<String> problems) {
            String rule = Params.text(parameters, "rule");
            if (rule == null || rule.isEmpty()) {
                problems.add(path + ".parameters.rule must be a non-empty regex");
                return;
            }
            try {
                CallerRegex.compile(rule);
            } catch (IllegalArgumentException e) {
                problems.add(path + ".parameters.rule " + e.getMessage());
            }
        }

        @Override
        public boolean failureIsFinalOnPrefix(ObjectNode parameters) {
            // A match found in a prefix stays a match unless the pattern asserts an end or a boundary.
            String rule = Params.text(parameters, "rule");
            return Params.not(parameters)
                    && rule != null
                    && !rule.contains("$")
                    && !rule.contains("\\b")
                    && !rule.contains("\\B")
                    && !rule.contains("\\z")
                    && !rule.contains("\\Z");
        }

        @Override
        public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
            String rule = Params.text(parameters, "rule");
            boolean not = Params.not(parameters);
            String text = context.text(event);
            if (rule == null || rule.isEmpty() || text.isEmpty()) {
                ObjectNode data = Params.object();
                String problem = rule == null || rule.isEmpty() ? "Missing regex pattern" : "Missing text to match";
                data.put("explanation", "An error occurred while processing the regex: " + problem);
                data.put("regexPattern", rule);
                data.put("not", not);
                data.put("textExcerpt", text.isEmpty() ? "No text available" : Params.excerpt(text));
                return Params.error(problem, data);
            }
            Matcher m = CallerRegex.compile(rule).matcher(text);
            boolean matches = m.find();
            boolean verdict = not != matches;
            ObjectNode data = Params.object();
            data.put("regexPattern", rule);
            data.put("not", not);
            data.put("verdict", verdict);
            data.put(
                    "explanation",
                    verdict
                            ? not
                                    ? "The regex pattern '" + rule + "' did not match the text as expected."
                                    : "The regex pattern '" + rule + "' successfully matched the text."
                            : not
                                    ? "The regex pattern '" + rule + "' matched the text when it should not have."
                                    : "The regex pattern '" + rule + "' did not match the text.");
            if (matches) {
                ObjectNode details = data.putObject("matchDetails");
                details.put("matchedText", m.group());
                details.put("index", m.start());
                ObjectNode groups = details.putObject("groups");
                new java.util.TreeMap<>(m.pattern().namedGroups())
                        .forEach((name, index) -> groups.put(name, m.group(index)));
                ArrayNode captures = details.putArray("captures");
                for (int g = 1; g <= m.groupCount(); g++) {
                    captures.add(m.group(g));
                }
            } else {
                data.putNull("matchDetails");
            }
            data.put("textExcerpt", Params.excerpt(text));
            return CheckResult.of(verdict, data);
        }
    }

    /** {@code sentenceCount}, {@code wordCount}, {@code characterCount}: a count within [min, max], or outside with {@code not}. */
    static final class Count implements CheckFunction {
        private final String unit;
        private final String minName;
        private final String maxName;
        private final long minDefault;
        private final long maxDefault;

        Count(String unit, String minName, String maxName, long minDefault, long maxDefault) {
            this.unit = unit;
            this.minName = minName;
            this.maxName = maxName;
            this.minDefault = minDefault;
            this.maxDefault = maxDefault;
        }

        @Override
        public void validate(ObjectNode parameters, String path, List<String> problems) {
            for (String name : List.of(minName, maxName)) {
                JsonNode v = parameters.get(name);
                if (v != null && !v.isNull() && !(v.isIntegralNumber() && v.canConvertToLong())) {
                    problems.add(path + ".parameters." + name + " must be an integer");
                }
            }
        }

        @Override
        public boolean failureIsFinalOnPrefix(ObjectNode parameters) {
            // Counts only grow as an answer goes on: once past the maximum, always past it.
            return !Params.not(parameters);
        }

        @Override
        public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
            long min = parameters.path(minName).asLong(minDefault);
            long max = parameters.has(maxName) && !parameters.get(maxName).isNull()
                    ? parameters.get(maxName).asLong()
                    : maxDefault;
            if (!parameters.has(minName) || parameters.get(minName).isNull()) {
                min = minDefault;
            }
            boolean not = Params.not(parameters);
            String text = context.text(event);
            if (unit.equals("word")) {
                text = jsTrim(text);
            }
            if (text.isEmpty() && !unit.equals("sentence")) {
                ObjectNode data = Params.object();
                data.put(
                        "explanation",
                        switch (unit) {
                            case "word" -> "An error occurred while processing word count: Missing text to analyze";
                            default -> "An error occurred while counting characters: Missing text to analyze";
                        });
                data.put(minName, min);
                data.put(maxName, max);
                data.put("not", not);
                data.put("textExcerpt", "No text available");
                return Params.error("Missing text to analyze", data);
            }
            long count = switch (unit) {
                case "sentence" -> sentences(text);
                case "word" -> words(text);
                default -> text.length();
            };
            boolean inRange = count >= min && count <= max;
            boolean verdict = not != inRange;
            ObjectNode data = Params.object();
            if (unit.equals("sentence")) {
                data.put("sentenceCount", count);
                data.put("minCount", min);
                data.put("maxCount", max);
            } else {
                data.put(unit + "Count", count);
                data.put(minName, min);
                data.put(maxName, max);
            }
            data.put("not", not);
            data.put("verdict", verdict);
            data.put("explanation", explanation(count, min, max, not, verdict));
            data.put("textExcerpt", Params.excerpt(text));
            return CheckResult.of(verdict, data);
        }

        private String explanation(long count, long min, long max, boolean not, boolean verdict) {
            if (unit.equals("sentence")) {
                String range = "the specified range of " + min + " to " + max;
                return verdict
                        ? not
                                ? "The sentence count (" + count + ") is outside " + range + " as expected."
                                : "The sentence count (" + count + ") is within " + range + "."
                        : not
                                ? "The sentence count (" + count + ") is within " + range + " when it should not be."
                                : "The sentence count (" + count + ") is outside " + range + ".";
            }
            String has = "The text contains " + count + " " + unit + "s, which is ";
            String range = "the specified range of " + min + "-" + max + " " + unit + "s";
            return verdict
                    ? not ? has + "outside " + range + " as expected." : has + "within " + range + "."
                    : not ? has + "within " + range + " when it should not be." : has + "outside " + range + ".";
        }

        /** {@code text.split(/[.!?]/).length - 1}: the number of sentence-ending marks. */
        static long sentences(String text) {
            long n = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '.' || c == '!' || c == '?') {
                    n++;
                }
            }
            return n;
        }

        /** {@code text.split(/\s+/).length} of a trimmed, non-empty text: runs of JavaScript whitespace + 1. */
        static long words(String text) {
            long n = 1;
            boolean inSpace = false;
            for (int i = 0; i < text.length(); i++) {
                boolean space = isJsSpace(text.charAt(i));
                if (space && !inSpace) {
                    n++;
                }
                inSpace = space;
            }
            return n;
        }
    }

    /** JavaScript's {@code \s} (and {@code trim}'s whitespace). */
    static boolean isJsSpace(char c) {
        return c == ' '
                || c == '\t'
                || c == '\n'
                || c == '\r'
                || c == '\u000b'
                || c == '\f'
                || c == '\u00a0'
                || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200a')
                || c == '\u2028'
                || c == '\u2029'
                || c == '\u202f'
                || c == '\u205f'
                || c == '\u3000'
                || c == '\ufeff';
    }

    static String jsTrim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isJsSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isJsSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** {@code endsWith}: {@code suffix} (required), also matched before a final period; {@code not}. */
    static final class EndsWith implements CheckFunction {
        @Override
        public void validate(ObjectNode parameters, String path, List<String> problems) {
            String suffix = Params.text(parameters, "suffix");
            if (suffix == null || suffix.isEmpty()) {
                problems.add(path + ".parameters.suffix must be a non-empty string");
            }
        }

        @Override
        public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
            String suffix = Params.text(parameters, "suffix");
            boolean not = Params.not(parameters);
            String text = context.text(event);
            if (text.isEmpty() || suffix == null || suffix.isEmpty()) {
                String problem = text.isEmpty() ? "Missing text to analyze" : "Missing or empty suffix";
                ObjectNode data = Params.object();
                data.put("explanation", "An error occurred while checking suffix: " + problem);
                data.put("suffix", suffix);
                data.put("not", not);
                data.put("textExcerpt", text.isEmpty() ? "No text available" : Params.excerpt(text));
                return Params.error(problem, data);
            }
            boolean withPeriod = text.endsWith(suffix + ".");
            boolean ends = text.endsWith(suffix) || withPeriod;
            boolean verdict = not != ends;
            ObjectNode data = Params.object();
            data.put("suffix", suffix);
            data.put("not", not);
            data.put("verdict", verdict);
            data.put(
                    "explanation",
                    verdict
                            ? not
                                    ? "The text does not end with \"" + suffix + "\" as expected."
                                    : "The text ends with \"" + suffix + "\""
                                            + (withPeriod ? " (including trailing period)" : "") + "."
                            : not
                                    ? "The text ends with \"" + suffix + "\" when it should not."
                                    : "The text does not end with \"" + suffix + "\".");
            data.put("textExcerpt", Params.excerpt(text));
            return CheckResult.of(verdict, data);
        }
    }

    /** {@code alluppercase} / {@code alllowercase}: the ASCII letters of the text all in one case; {@code not}. */
    static final class LetterCase implements CheckFunction {
        private final boolean upper;

        LetterCase(boolean upper) {
            this.upper = upper;
        }

        @Override
        public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
            boolean not = Params.not(parameters);
            String text = context.text(event);
            String word = upper ? "uppercase" : "lowercase";
            String other = upper ? "lowercase" : "uppercase";
            if (text.isEmpty()) {
                ObjectNode data = Params.object();
                data.put("explanation", "An error occurred while checking " + word + ": Missing text to analyze");
                data.put("not", not);
                data.put("textExcerpt", "No text available");
                return Params.error("Missing text to analyze", data);
            }
            boolean all = true;
            for (int i = 0; i < text.length() && all; i++) {
                char c = text.charAt(i);
                all = upper ? !(c >= 'a' && c <= 'z') : !(c >= 'A' && c <= 'Z');
            }
            boolean verdict = not != all;
            ObjectNode data = Params.object();
            data.put("verdict", verdict);
            data.put("not", not);
            data.put(
                    "explanation",
                    verdict
                            ? not
                                    ? "The text contains " + other + " characters as expected."
                                    : "All alphabetic characters in the text are " + word + "."
                            : not
                                    ? "All alphabetic characters in the text are " + word + " when they should not be."
                                    : "The text contains " + other + " characters.");
            data.put("textExcerpt", Params.excerpt(text));
            return CheckResult.of(verdict, data);
        }
    }

    /** {@code contains}: {@code words} found {@code any} (default), {@code all} or {@code none}. */
    static final class Contains implements CheckFunction {
        @Override
        public void validate(ObjectNode parameters, String path, List<String> problems) {
            JsonNode words = parameters.get("words");
            if (words == null || !words.isArray()) {
                problems.add(path + ".parameters.words must be an array of strings");
            }
            String operator = Params.text(parameters, "operator");
            if (parameters.has("operator") && !List.of("any", "all", "none").contains(String.valueOf(operator))) {
                problems.add(path + ".parameters.operator must be \"any\", \"all\" or \"none\"");
            }
        }

        @Override
        public boolean failureIsFinalOnPrefix(ObjectNode parameters) {
            return "none".equals(Params.text(parameters, "operator"));
        }

        @Override
        public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
            JsonNode words = parameters.get("words");
            String operator = parameters.has("operator") ? Params.text(parameters, "operator") : "any";
            if (words == null || !words.isArray()) {
                ObjectNode data = Params.object();
                data.put("explanation", "An error occurred while processing the text.");
                data.put("error", "words must be an array of strings");
                return Params.error("words must be an array of strings", data);
            }
            String text = context.text(event);
            List<String> found = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (JsonNode w : words) {
                String word = w.asText();
                (text.contains(word) ? found : missing).add(word);
            }
            boolean verdict = switch (String.valueOf(operator)) {
                case "any" -> !found.isEmpty();
                case "all" -> missing.isEmpty();
                case "none" -> found.isEmpty();
                default -> false;
            };
            ObjectNode data = Params.object();
            String explanation = "Check " + (verdict ? "passed" : "failed") + " for '" + operator + "' words.";
            explanation += switch (String.valueOf(operator)) {
                case "any" -> verdict ? " At least one word was found." : " No words were found.";
                case "all" -> verdict ? " All words were found." : " Some words were missing.";
                case "none" -> verdict ? " No words were found." : " Some words were found.";
                default -> "";
            };
            data.put("explanation", explanation);
            found.forEach(data.putArray("foundWords")::add);
            missing.forEach(data.putArray("missingWords")::add);
            data.put("operator", operator);
            return CheckResult.of(verdict, data);
        }
    }

    /** {@code notNull}: the text is there and not blank; {@code not}. */
    static final class NotNull implements CheckFunction {
        @Override
        public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
            boolean not = Params.not(parameters);
            boolean isNull = context.text(event).isBlank();
            boolean verdict = not ? isNull : !isNull;
            ObjectNode data = Params.object();
            data.put("isNull", isNull);
            data.put("contentType", isNull ? "null" : "string");
            data.put("textArrayLength", isNull ? 0 : 1);
            data.put(
                    "explanation",
                    isNull ? "Content is null, undefined, or empty." : "Content exists and is not null.");
            data.put("verdict", verdict ? "passed" : "failed");
            return CheckResult.of(verdict, data);
        }
    }
}
