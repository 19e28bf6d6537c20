package io.jetway.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.TokenUsage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden costs: a usage block as each provider documents it, in the shared convention
 * ({@link TokenUsage}), priced with the shipped table → the exact cost, cached tokens as cached.
 */
class PricesTest {

    static final Prices SHIPPED = Prices.shipped();

    static BigDecimal cost(String provider, String model, TokenUsage usage) {
        Price p = SHIPPED.find(provider, model);
        assertThat(p).as(provider + " " + model).isNotNull();
        return p.cost(usage);
    }

    @Test
    void openAisCachedPromptTokensArePricedAtTheCachedRate() {
        // OpenAI: prompt_tokens 2006 with prompt_tokens_details.cached_tokens 1920, completion_tokens 300.
        TokenUsage usage = new TokenUsage(2006, 1920, 0, 300, 0, false);
        // 86 × 2.50 + 1920 × 1.25 + 300 × 10.00 = 215 + 2400 + 3000 = 5615 per million
        assertThat(cost("openai", "gpt-4o-2024-08-06", usage)).isEqualByComparingTo("0.005615");
        assertThat(cost("azure-openai", "gpt-4o", usage)).isEqualByComparingTo("0.005615");
    }

    @Test
    void openAisReasoningTokensArePricedAsOutput() {
        // o4-mini: 1000 in, 500 out of which 400 reasoning: 1000 × 1.10 + 500 × 4.40 = 1100 + 2200 per million
        assertThat(cost("openai", "o4-mini", new TokenUsage(1000, 0, 0, 500, 400, false)))
                .isEqualByComparingTo("0.0033");
    }

    @Test
    void anthropicsCacheReadsAndWritesArePricedApart() {
        // Anthropic: input_tokens 50, cache_creation_input_tokens 1000, cache_read_input_tokens 2000,
        // output_tokens 200 → in the shared convention input = 50 + 1000 + 2000.
        TokenUsage usage = new TokenUsage(3050, 2000, 1000, 200, 0, false);
        // 50 × 3 + 2000 × 0.30 + 1000 × 3.75 + 200 × 15 = 150 + 600 + 3750 + 3000 = 7500 per million
        assertThat(cost("anthropic", "claude-sonnet-4-5-20250929", usage)).isEqualByComparingTo("0.0075");
        assertThat(cost("vertex-ai", "claude-sonnet-4-5@20250929", usage)).isEqualByComparingTo("0.0075");
    }

    @Test
    void geminisCachedContentTokensArePricedAtTheCachedRate() {
        // Gemini: promptTokenCount 10000 (includes cachedContentTokenCount 8000), candidatesTokenCount 500,
        // thoughtsTokenCount 300 (billed as output; counted in output here).
        TokenUsage usage = new TokenUsage(10_000, 8000, 0, 800, 300, false);
        // 2000 × 0.30 + 8000 × 0.03 + 800 × 2.50 = 600 + 240 + 2000 = 2840 per million
        assertThat(cost("google", "gemini-2.5-flash", usage)).isEqualByComparingTo("0.00284");
        assertThat(cost("vertex-ai", "gemini-2.5-flash", usage)).isEqualByComparingTo("0.00284");
    }

    @Test
    void bedrocksCrossRegionModelIdsArePricedAsTheModel() {
        // Converse usage: inputTokens 1200, cacheReadInputTokens 1000, outputTokens 100 (Nova Pro).
        TokenUsage usage = new TokenUsage(1200, 1000, 0, 100, 0, false);
        // 200 × 0.80 + 1000 × 0.20 + 100 × 3.20 = 160 + 200 + 320 = 680 per million
        assertThat(cost("bedrock", "us.amazon.nova-pro-v1:0", usage)).isEqualByComparingTo("0.00068");
    }

    @Test
    void mistralAndCohereArePricedByInputAndOutput() {
        TokenUsage usage = new TokenUsage(1_000_000, 0, 0, 1_000_000, 0, false);
        assertThat(cost("mistral-ai", "mistral-large-latest", usage)).isEqualByComparingTo("8");
        assertThat(cost("cohere", "command-r7b-12-2024", usage)).isEqualByComparingTo("0.1875");
    }

    @Test
    void gpt51sCachedInputIsATenthOfItsInputPrice() {
        // https://developers.openai.com/api/docs/models/gpt-5.1 (text tokens per 1M: input $1.25, cached input
        // $0.125, output $10). Usage: prompt_tokens 10000, prompt_tokens_details.cached_tokens 8000, completion_tokens
        // 1000.
        TokenUsage usage = new TokenUsage(10_000, 8000, 0, 1000, 0, false);
        // 2000 × 1.25 + 8000 × 0.125 + 1000 × 10 = 2500 + 1000 + 10000 = 13500 per million
        assertThat(cost("openai", "gpt-5.1-2025-11-13", usage)).isEqualByComparingTo("0.0135");
        assertThat(cost("azure-openai", "gpt-5.1", usage)).isEqualByComparingTo("0.0135");
        // https://developers.openai.com/api/docs/models/gpt-5.4-nano: input $0.20, cached input $0.02, output $1.25.
        // 2000 × 0.20 + 8000 × 0.02 + 1000 × 1.25 = 400 + 160 + 1250 = 1810 per million
        assertThat(cost("openai", "gpt-5.4-nano-2026-03-17", usage)).isEqualByComparingTo("0.00181");
    }

    @Test
    void bedrocksClaudeCacheReadsAndWritesArePricedApartUnderItsCrossRegionId() {
        // Converse usage (https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html): inputTokens 50,
        // cacheReadInputTokens 2000, cacheWriteInputTokens 1000, outputTokens 200; inputTokens excludes the cache,
        // so in the shared convention input = 50 + 2000 + 1000.
        TokenUsage usage = new TokenUsage(3050, 2000, 1000, 200, 0, false);
        // 50 × 3 + 2000 × 0.30 + 1000 × 3.75 + 200 × 15 = 150 + 600 + 3750 + 3000 = 7500 per million
        assertThat(cost("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", usage))
                .isEqualByComparingTo("0.0075");
    }

    @Test
    void coheresDocumentedBilledUnitsArePricedAtCommandAsRates() {
        // https://docs.cohere.com/docs/how-does-cohere-pricing-work: "billed_units": {"input_tokens": 6772,
        // "output_tokens": 248} (the billed units, not "tokens" 7596/645, are what Cohere charges).
        TokenUsage usage = new TokenUsage(6772, 0, 0, 248, 0, false);
        // 6772 × 2.50 + 248 × 10 = 16930 + 2480 = 19410 per million
        assertThat(cost("cohere", "command-a-03-2025", usage)).isEqualByComparingTo("0.01941");
    }

    @Test
    void mistralsUsageHasNoCacheAndIsPricedByInputAndOutput() {
        // https://docs.mistral.ai/api/ chat completion usage: prompt_tokens 16, completion_tokens 34, total_tokens 50.
        TokenUsage usage = new TokenUsage(16, 0, 0, 34, 0, false);
        // 16 × 0.40 + 34 × 2 = 6.4 + 68 = 74.4 per million
        assertThat(cost("mistral-ai", "mistral-medium-latest", usage)).isEqualByComparingTo("0.0000744");
    }

    @Test
    void anUnknownModelHasNoPriceNotAGuess() {
        assertThat(SHIPPED.find("openai", "gpt-4o-audio-preview")).isNull();
        assertThat(SHIPPED.find("openai", "my-fine-tune")).isNull();
        assertThat(SHIPPED.find("groq", "gpt-4o")).isNull();
        assertThat(SHIPPED.findAnyProvider("no-such-model")).isNull();
    }

    @Test
    void everyShippedPriceSaysWhenAndWhereItWasRead() {
        assertThat(SHIPPED.size()).isGreaterThan(40);
        for (String model : new String[] {"gpt-4o", "claude-sonnet-4-5", "gemini-2.5-pro"}) {
            Price p = SHIPPED.findAnyProvider(model);
            assertThat(p.asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(p.source()).startsWith("https://");
        }
    }

    @Test
    void anOperatorsFileOverridesAndExtendsTheShippedTable(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, """
                {"models": [
                  {"providers": ["openai"], "model": "gpt-4o", "input": 1, "output": 2},
                  {"providers": ["ollama"], "model": "llama3", "input": 0, "output": 0}
                ]}""");
        Prices prices = Prices.load(file);

        assertThat(prices.find("openai", "gpt-4o").cost(new TokenUsage(1_000_000, 0, 0, 1_000_000, 0, false)))
                .isEqualByComparingTo("3");
        assertThat(prices.find("ollama", "llama3")).isNotNull();
        assertThat(prices.find("anthropic", "claude-haiku-4-5")).isNotNull();
    }

    @Test
    void aMalformedOperatorsFileIsRefusedSayingWhatIsWrong(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prices.json");
        Files.writeString(
                file, "{\"models\": [{\"providers\": [\"openai\"], \"model\": \"x\", \"input\": -1, \"output\": 1}]}");

        assertThatThrownBy(() -> Prices.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input must be a number of USD per million tokens");
    }

    @Test
    void dateSuffixesAndRegionPrefixesAreStrippedOnlyWhenTheyAreDates() {
        assertThat(Prices.base("gpt-4o-2024-08-06")).isEqualTo("gpt-4o");
        assertThat(Prices.base("claude-3-5-haiku-20241022")).isEqualTo("claude-3-5-haiku");
        assertThat(Prices.base("claude-sonnet-4-5@20250929")).isEqualTo("claude-sonnet-4-5");
        assertThat(Prices.base("eu.anthropic.claude-3-5-haiku-20241022-v1:0"))
                .isEqualTo("anthropic.claude-3-5-haiku-20241022-v1:0");
        assertThat(Prices.base("gpt-4o-mini")).isEqualTo("gpt-4o-mini");
        assertThat(Prices.base("command-r-08-2024")).isEqualTo("command-r-08-2024");
    }
}
