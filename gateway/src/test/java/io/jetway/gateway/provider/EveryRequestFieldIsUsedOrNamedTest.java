package io.jetway.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.RequestFields;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.anthropic.AnthropicParams;
import io.jetway.gateway.provider.bedrock.BedrockParams;
import io.jetway.gateway.provider.cohere.CohereParams;
import io.jetway.gateway.provider.core.ParamTable;
import io.jetway.gateway.provider.google.GeminiParams;
import io.jetway.gateway.requests.RequestParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every provider that translates the request, every top-level field of the spec (and a field
 * the spec does not know) is either carried out (the upstream call changes), named in
 * {@code x-jetway-dropped-params}, or refused with a 400 naming it: never silently dropped.
 */
class EveryRequestFieldIsUsedOrNamedTest {

    private static final RequestParser PARSER = new RequestParser(Json.MAPPER);
    private static final ProviderRegistry PROVIDERS = Providers.defaults();
    private static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}";

    /** A field, a value for it that asks for something, and fields it needs beside it (in the baseline too). */
    private record Sample(String field, String value, String context) {}

    /** One value per top-level field of the spec, asking for something other than the default. */
    private static final Map<String, Sample> SAMPLES = samples(
            new Sample("frequency_penalty", "0.5", ""),
            new Sample("logit_bias", "{\"50256\":-100}", ""),
            new Sample("logprobs", "true", ""),
            new Sample("top_logprobs", "2", ""),
            new Sample("max_tokens", "77", ""),
            new Sample("max_completion_tokens", "78", ""),
            new Sample("n", "2", ""),
            new Sample("presence_penalty", "0.5", ""),
            new Sample("response_format", "{\"type\":\"json_object\"}", ""),
            new Sample("seed", "5", ""),
            new Sample("stop", "\"STOP\"", ""),
            new Sample("stream", "true", ""),
            new Sample("thinking", "{\"type\":\"enabled\",\"budget_tokens\":1024}", ""),
            new Sample("reasoning_effort", "\"low\"", ""),
            new Sample("temperature", "0.3", ""),
            new Sample("top_p", "0.4", ""),
            new Sample("top_k", "5", ""),
            new Sample("tools", "[" + TOOL + "]", ""),
            new Sample("tool_choice", "\"required\"", "\"tools\":[" + TOOL + "],"),
            new Sample("parallel_tool_calls", "false", "\"tools\":[" + TOOL + "],"),
            new Sample("user", "\"user-1\"", ""),
            new Sample("store", "true", ""),
            new Sample("metadata", "{\"team\":\"a\"}", ""),
            new Sample("service_tier", "\"scale\"", ""),
            new Sample("modalities", "[\"text\",\"audio\"]", ""),
            new Sample("audio", "{\"voice\":{\"id\":\"v1\"},\"format\":\"wav\"}", ""),
            new Sample("prediction", "{\"type\":\"content\",\"content\":\"x\"}", ""),
            new Sample("verbosity", "\"low\"", ""),
            new Sample("web_search_options", "{\"search_context_size\":\"low\"}", ""),
            new Sample("moderation", "{\"model\":\"omni-moderation-latest\"}", ""),
            new Sample("prompt_cache_key", "\"tenant-1\"", ""),
            new Sample("prompt_cache_retention", "\"24h\"", ""),
            new Sample("prompt_cache_options", "{\"ttl\":\"30m\"}", ""),
            new Sample("safety_identifier", "\"hash-1\"", ""),
            new Sample("function_call", "{\"name\":\"get_weather\"}", "\"functions\":[{\"name\":\"get_weather\"}],"),
            new Sample("functions", "[{\"name\":\"get_weather\"}]", ""),
            new Sample("a_field_added_tomorrow", "{\"x\":1}", ""));

    /**
     * Fields a sample cannot show in the upstream call: {@code stream_options} only shapes the
     * answer (the usage chunk, checked by the stream mappers' tests).
     */
    private static final List<String> ANSWER_SIDE = List.of("stream_options");

    private static Map<String, Sample> samples(Sample... samples) {
        Map<String, Sample> map = new LinkedHashMap<>();
        for (Sample s : samples) {
            map.put(s.field(), s);
        }
        return map;
    }

    /** Each translating provider, with a model it maps a whole kind of request for. */
    static Stream<Arguments> providersAndFields() {
        List<String[]> targets = List.of(
                new String[] {"anthropic", "claude-sonnet-4-5"},
                new String[] {"google", "gemini-2.5-flash"},
                new String[] {"vertex-ai", "gemini-2.5-flash"},
                new String[] {"vertex-ai", "claude-sonnet-4-5@20250929"},
                new String[] {"cohere", "command-a-03-2025"},
                new String[] {"bedrock", "anthropic.claude-sonnet-4-5-20250929-v1:0"},
                new String[] {"bedrock", "amazon.nova-pro-v1:0"});
        List<Arguments> out = new ArrayList<>();
        for (String[] t : targets) {
            for (String field : SAMPLES.keySet()) {
                out.add(Arguments.of(t[0], t[1], field));
            }
        }
        return out.stream();
    }

    @Test
    void everyFieldOfTheSpecHasASample() {
        List<String> missing = new ArrayList<>(RequestFields.known());
        missing.removeAll(SAMPLES.keySet());
        missing.removeAll(List.of("messages", "model"));
        missing.removeAll(ANSWER_SIDE);
        assertThat(missing).as("add a sample for each new field").isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("providersAndFields")
    void eachFieldIsCarriedOutNamedAsDroppedOrRefused(String provider, String model, String field) {
        Sample sample = SAMPLES.get(field);
        String base = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],";
        ProviderRequest with;
        try {
            with = prepare(provider, base + sample.context() + "\"" + field + "\":" + sample.value() + "}");
        } catch (GatewayException refused) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.param())
                    .as(refused.getMessage())
                    .startsWith(
                            field.equals("function_call")
                                    ? "function"
                                    : field); // the deprecated pair is refused as one
            return;
        }
        ProviderRequest without = prepare(provider, base + sample.context() + "\"zz\":null}");
        boolean changed = !with.uri().equals(without.uri()) || !Arrays.equals(with.body(), without.body());
        boolean named = with.droppedParams().contains(field);
        assertThat(changed || named)
                .as("%s is neither sent nor named (dropped: %s)", field, with.droppedParams())
                .isTrue();
        assertThat(changed && named)
                .as("%s is sent and also named as dropped", field)
                .isFalse();
    }

    /** Each translating provider's parameter table, with a model the whole table holds for. */
    static Stream<Arguments> tableEntries() {
        List<Arguments> out = new ArrayList<>();
        Object[][] tables = {
            {"anthropic", "claude-sonnet-4-5", AnthropicParams.TABLE},
            {"vertex-ai", "claude-sonnet-4-5@20250929", AnthropicParams.TABLE},
            {"google", "gemini-2.5-flash", GeminiParams.TABLE},
            {"vertex-ai", "gemini-2.5-flash", GeminiParams.TABLE},
            {"cohere", "command-a-03-2025", CohereParams.TABLE},
            {"bedrock", "anthropic.claude-sonnet-4-5-20250929-v1:0", BedrockParams.TABLE}
        };
        for (Object[] t : tables) {
            for (ParamTable.Param param : ((ParamTable) t[2]).params()) {
                if (SAMPLES.containsKey(param.name())) {
                    out.add(Arguments.of(t[0], t[1], param.name(), param));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("tableEntries")
    void eachFieldDoesWhatTheProvidersParameterTableSays(
            String provider, String model, String field, ParamTable.Param param) {
        assertThat(param.source()).startsWith("https://");
        Sample sample = SAMPLES.get(field);
        String base = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],";
        String json = base + sample.context() + "\"" + field + "\":" + sample.value() + "}";
        if (param.action() == ParamTable.Action.REJECT) {
            assertThatThrownBy(() -> prepare(provider, json))
                    .isInstanceOfSatisfying(
                            GatewayException.class,
                            e -> assertThat(e.param()).startsWith(field.equals("function_call") ? "function" : field));
            return;
        }
        ProviderRequest with = prepare(provider, json);
        ProviderRequest without = prepare(provider, base + sample.context() + "\"zz\":null}");
        boolean changed = !with.uri().equals(without.uri()) || !Arrays.equals(with.body(), without.body());
        switch (param.action()) {
            case DROP -> {
                assertThat(with.droppedParams()).contains(field);
                assertThat(changed)
                        .as("%s is dropped but changes the call", field)
                        .isFalse();
            }
            case KEEP, RENAME, CLAMP -> {
                if (param.condition().isEmpty() || !with.droppedParams().contains(field)) {
                    assertThat(changed)
                            .as("%s is %s but does not change the call", field, param.action())
                            .isTrue();
                    assertThat(with.droppedParams()).doesNotContain(field);
                }
            }
            case REJECT -> throw new AssertionError("handled above");
        }
    }

    @Test
    void aFieldNoTableListsIsDroppedAndAFieldIsListedOnce() {
        ParamTable table =
                ParamTable.of("p").keep("model", "", "https://example.com/doc").build();
        assertThat(table.param("seed")).isNull();
        assertThat(table.handled()).containsExactly("model");
        assertThatThrownBy(
                        () -> ParamTable.of("p").keep("seed", "", "https://x").drop("seed", "", "https://x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "anthropic, claude-sonnet-4-5",
        "google, gemini-2.5-flash",
        "cohere, command-a-03-2025",
        "bedrock, amazon.nova-pro-v1:0"
    })
    void anOpenAiPromptCacheBreakpointOnAPartIsNamedAsDropped(String provider, String model) {
        ProviderRequest r = prepare(
                provider,
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\",\"prompt_cache_breakpoint\":{\"mode\":\"explicit\"}}]}]}");
        assertThat(r.droppedParams()).contains("messages[].content[].prompt_cache_breakpoint");
    }

    @Test
    void defaultsAreNotNamedAsDropped() {
        ProviderRequest r = prepare(
                "anthropic",
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hi\"}],\"n\":1,\"logprobs\":false,\"store\":false,\"modalities\":[\"text\"],"
                        + "\"logit_bias\":{},\"metadata\":{},\"seed\":null,\"a_field_added_tomorrow\":null}");
        assertThat(r.droppedParams()).isEmpty();
    }

    private static ProviderRequest prepare(String provider, String json) {
        ChatRequest request = PARSER.parse("application/json", json.getBytes(StandardCharsets.UTF_8));
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.AWS_ACCESS_KEY_ID, "AKIDEXAMPLE");
        options.put(ProviderOption.AWS_SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        options.put(ProviderOption.VERTEX_PROJECT_ID, "p");
        Target target = new Target(provider, "key", null, null, options, null, Map.of(), true);
        return PROVIDERS
                .get(provider, "x-portkey-provider")
                .translate(new ProviderCall(request, target, "trace-1", Instant.parse("2026-01-01T00:00:00Z")))
                .request();
    }
}
