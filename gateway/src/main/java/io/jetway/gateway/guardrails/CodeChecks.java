package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Portkey's containsCode: fenced code blocks of a language ({@code format}) in the text; {@code not}. */
final class CodeChecks {

    private static final Pattern CODE_BLOCK = Pattern.compile("```(\\w+)\\n[\\s\\S]*?\\n```");
    /** Portkey's map from a fence's language tag to the language's name ({@code format} takes the names). */
    private static final Map<String, String> LANGUAGES = Map.ofEntries(
            Map.entry("sql", "SQL"),
            Map.entry("py", "Python"),
            Map.entry("python", "Python"),
            Map.entry("gyp", "Python"),
            Map.entry("ts", "TypeScript"),
            Map.entry("tsx", "TypeScript"),
            Map.entry("typescript", "TypeScript"),
            Map.entry("js", "JavaScript"),
            Map.entry("jsx", "JavaScript"),
            Map.entry("javascript", "JavaScript"),
            Map.entry("java", "Java"),
            Map.entry("cs", "C#"),
            Map.entry("cpp", "C++"),
            Map.entry("c", "C"),
            Map.entry("rb", "Ruby"),
            Map.entry("php", "PHP"),
            Map.entry("swift", "Swift"),
            Map.entry("kt", "Kotlin"),
            Map.entry("go", "Go"),
            Map.entry("rs", "Rust"),
            Map.entry("scala", "Scala"),
            Map.entry("r", "R"),
            Map.entry("pl", "Perl"),
            Map.entry("sh", "Shell"),
            Map.entry("html", "HTML"),
            Map.entry("css", "CSS"),
            Map.entry("xml", "XML"),
            Map.entry("json", "JSON"),
            Map.entry("yml", "YAML"),
            Map.entry("md", "Markdown"),
            Map.entry("dockerfile", "Dockerfile"));

    private CodeChecks() {}

    static void register(Map<String, CheckFunction> registry) {
        registry.put("default.containsCode", new ContainsCode());
    }

    static final class ContainsCode implements CheckFunction {
        @Override
        public void validate(ObjectNode parameters, String path, List<String> problems) {
            String format = Params.text(parameters, "format");
            if (format == null || format.isEmpty()) {
                problems.add(path + ".parameters.format must name a language, e.g. \"Python\" or \"SQL\"");
            }
        }

        @Override
        public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
            String format = Params.text(parameters, "format");
            boolean not = Params.not(parameters);
            String text = context.text(event);
            if (format == null || format.isEmpty() || text.isEmpty()) {
                String problem = format == null || format.isEmpty()
                        ? "Missing required parameter: format"
                        : "No text content to analyze";
                ObjectNode data = Params.object();
                data.put("explanation", "Error while checking for code blocks: " + problem);
                data.put("searchedFormat", format);
                data.put("not", not);
                data.put("textExcerpt", text.isEmpty() ? "No text available" : Params.excerpt(text));
                return Params.error(problem, data);
            }
            List<String> found = new ArrayList<>();
            Matcher m = CODE_BLOCK.matcher(text);
            while (m.find()) {
                String tag = m.group(1).toLowerCase(Locale.ROOT);
                found.add(LANGUAGES.getOrDefault(tag, tag));
            }
            ObjectNode data = Params.object();
            if (found.isEmpty()) {
                data.put("explanation", "No code blocks found in the text");
                data.put("searchedFormat", format);
                data.put("not", not);
                data.putArray("foundFormats");
                data.put("textExcerpt", Params.excerpt(text));
                return CheckResult.of(not, data);
            }
            boolean has = found.contains(format);
            boolean verdict = not != has;
            data.put(
                    "explanation",
                    verdict
                            ? not
                                    ? "No code blocks in " + format + " format found as expected"
                                    : "Found code block(s) in " + format + " format"
                            : not
                                    ? "Found code block(s) in " + format + " format when none were expected"
                                    : "No code blocks in " + format + " format found");
            data.put("searchedFormat", format);
            data.put("not", not);
            ArrayNode formats = data.putArray("foundFormats");
            found.forEach(formats::add);
            data.put("textExcerpt", Params.excerpt(text));
            return CheckResult.of(verdict, data);
        }
    }
}
