package io.jetway.gateway.provider.anthropic;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the request mapper must know per Claude model family: the output-token ceiling (used as
 * {@code max_tokens} when the caller sends none, because Anthropic requires the field) and whether
 * the model has native structured outputs ({@code output_config.format}, strict tools).
 *
 * <p>Sources: the models overview, "Max output" row and legacy-models table
 * (https://docs.claude.com/en/docs/about-claude/models/overview), and the structured outputs page
 * (https://docs.claude.com/en/docs/build-with-claude/structured-outputs), which lists the models
 * the feature is generally available on.
 *
 * <table>
 *   <tr><th>family</th><th>max output</th><th>structured outputs</th></tr>
 *   <tr><td>claude-opus-4-7</td><td>128000</td><td>yes</td></tr>
 *   <tr><td>claude-opus-4-6</td><td>128000</td><td>yes</td></tr>
 *   <tr><td>claude-sonnet-4-6</td><td>64000</td><td>yes</td></tr>
 *   <tr><td>claude-opus-4-5, claude-sonnet-4-5, claude-haiku-4-5</td><td>64000</td><td>yes</td></tr>
 *   <tr><td>claude-opus-4-1, claude-opus-4(-0)</td><td>32000</td><td>no</td></tr>
 *   <tr><td>claude-sonnet-4(-0), claude-3-7-sonnet</td><td>64000</td><td>no</td></tr>
 *   <tr><td>claude-3-5-sonnet, claude-3-5-haiku</td><td>8192</td><td>no</td></tr>
 *   <tr><td>claude-3-opus, claude-3-sonnet, claude-3-haiku</td><td>4096</td><td>no</td></tr>
 *   <tr><td>anything else</td><td>4096</td><td>no</td></tr>
 * </table>
 *
 * <p>Unknown models get a conservative 4096: every Claude model accepts it, and a caller who
 * needs more says so with {@code max_completion_tokens}. An unknown model is never assumed to
 * have structured outputs; the forced-tool technique works on all of them.
 */
public final class AnthropicModels {

    /** {@code max_tokens} for a model this table does not know. */
    public static final int UNKNOWN_MODEL_MAX_TOKENS = 4096;

    /** One model family's limits. */
    public record Family(int maxOutputTokens, boolean structuredOutputs) {}

    private static final Family UNKNOWN = new Family(UNKNOWN_MODEL_MAX_TOKENS, false);

    private static final Map<String, Family> FAMILIES = Map.ofEntries(
            Map.entry("claude-opus-4-7", new Family(128_000, true)),
            Map.entry("claude-opus-4-6", new Family(128_000, true)),
            Map.entry("claude-sonnet-4-6", new Family(64_000, true)),
            Map.entry("claude-opus-4-5", new Family(64_000, true)),
            Map.entry("claude-sonnet-4-5", new Family(64_000, true)),
            Map.entry("claude-haiku-4-5", new Family(64_000, true)),
            Map.entry("claude-opus-4-1", new Family(32_000, false)),
            Map.entry("claude-opus-4-0", new Family(32_000, false)),
            Map.entry("claude-opus-4", new Family(32_000, false)),
            Map.entry("claude-sonnet-4-0", new Family(64_000, false)),
            Map.entry("claude-sonnet-4", new Family(64_000, false)),
            Map.entry("claude-3-7-sonnet", new Family(64_000, false)),
            Map.entry("claude-3-5-sonnet", new Family(8_192, false)),
            Map.entry("claude-3-5-haiku", new Family(8_192, false)),
            Map.entry("claude-3-opus", new Family(4_096, false)),
            Map.entry("claude-3-sonnet", new Family(4_096, false)),
            Map.entry("claude-3-haiku", new Family(4_096, false)));

    /** Snapshot and version suffixes: {@code -20250514}, {@code -latest}, Vertex {@code @20250514}, Bedrock {@code -v1:0}. */
    private static final Pattern SUFFIX = Pattern.compile("(?:[-@]\\d{8}|-latest|-v\\d+(?::\\d+)?)+$");

    private AnthropicModels() {}

    /**
     * The family of a model id: Anthropic's ({@code claude-sonnet-4-5-20250929}, aliases), and the
     * same ids as Vertex AI ({@code claude-sonnet-4-5@20250929}) and Bedrock
     * ({@code us.anthropic.claude-sonnet-4-5-20250929-v1:0}) spell them.
     */
    public static Family family(String model) {
        if (model == null) {
            return UNKNOWN;
        }
        Family known = SEEN.get(model);
        if (known == null) {
            known = lookUp(model);
            if (SEEN.size() < MAX_SEEN) { // model names come from callers: bounded
                SEEN.put(model, known);
            }
        }
        return known;
    }

    /** Model ids already looked up: the suffix regex per request showed in the profile. */
    private static final java.util.concurrent.ConcurrentHashMap<String, Family> SEEN =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static final int MAX_SEEN = 1024;

    private static Family lookUp(String model) {
        String id = model.strip().toLowerCase(Locale.ROOT);
        int claude = id.indexOf("claude-");
        if (claude > 0) {
            id = id.substring(claude);
        }
        id = SUFFIX.matcher(id).replaceFirst("");
        return FAMILIES.getOrDefault(id, UNKNOWN);
    }
}
