package io.jetway.gateway.provider.workersai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Providers;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class WorkersAiProviderTest {

    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final String MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
    private static final RequestParser PARSER = new RequestParser(Json.MAPPER);

    private final WorkersAiProvider provider = new WorkersAiProvider();

    @Test
    void isRegisteredAsWorkersAi() {
        assertThat(Providers.defaults().get("workers-ai", "x-portkey-provider")).isInstanceOf(WorkersAiProvider.class);
    }

    @Test
    void postsToTheAccountsRunUrlOfTheModelWithTheTokenAsBearer() {
        ProviderRequest r =
                provider.translate(call(plain(MODEL), ACCOUNT, null)).request();

        assertThat(r.uri())
                .isEqualTo(URI.create("https://api.cloudflare.com/client/v4/accounts/" + ACCOUNT + "/ai/run/" + MODEL));
        assertThat(r.headers())
                .containsEntry("authorization", "Bearer cf-token")
                .containsEntry("content-type", "application/json");
        assertThat(r.toString()).doesNotContain("cf-token");
        assertThat(json(r.body()).has("model"))
                .as("the model is in the URL, not the body")
                .isFalse();
    }

    @Test
    void aMissingAccountIdIsA400NamingItsHeader() {
        assertThatThrownBy(() -> provider.translate(call(plain(MODEL), null, null)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("x-portkey-workers-ai-account-id");
                    assertThat(e.getMessage()).contains("workers_ai_account_id");
                });
    }

    @Test
    void anAccountIdThatCouldLeaveItsPathSegmentIsRefused() {
        assertThatThrownBy(() -> provider.translate(call(plain(MODEL), "abc/../other", null)))
                .isInstanceOfSatisfying(
                        GatewayException.class,
                        e -> assertThat(e.param()).isEqualTo("x-portkey-workers-ai-account-id"));
    }

    @Test
    void aCustomHostReplacesTheBaseAccountIncluded() {
        ProviderRequest r = provider.translate(
                        call(plain(MODEL), null, URI.create("https://gateway.ai.cloudflare.com/v1/acc/gw/workers-ai/")))
                .request();

        assertThat(r.uri()).isEqualTo(URI.create("https://gateway.ai.cloudflare.com/v1/acc/gw/workers-ai/" + MODEL));
    }

    @Test
    void aModelThatCouldLeaveItsPathIsA400NamingModel() {
        for (String model : List.of("@cf/../../accounts/x", "@cf/meta/llama?x=1", "a b")) {
            assertThatThrownBy(() -> provider.translate(call(plain(model), ACCOUNT, null)))
                    .as(model)
                    .isInstanceOfSatisfying(
                            GatewayException.class, e -> assertThat(e.param()).isEqualTo("model"));
        }
    }

    @Test
    void earlierToolCallsAreWrittenIntoTheAssistantsTextAfterItsOwnTextAsCloudflaresProviderWritesThem() {
        ProviderRequest r =
                provider.translate(call("""
                        {"model":"%s","messages":[{"role":"user","content":"weather in london and paris?"},
                         {"role":"assistant","content":"Checking.","tool_calls":[
                          {"id":"call_1","type":"function","function":{"name":"getWeather","arguments":"{\\"city\\":\\"london\\"}"}},
                          {"id":"call_2","type":"function","function":{"name":"getWeather","arguments":"{\\"city\\":\\"paris\\"}"}}]},
                         {"role":"tool","tool_call_id":"call_1","content":"12 degrees"},
                         {"role":"tool","tool_call_id":"call_2","content":"15 degrees"}]}
                        """.formatted(MODEL), ACCOUNT, null)).request();

        JsonNode messages = json(r.body()).get("messages");
        assertThat(messages.get(1).get("content").asText())
                .isEqualTo("Checking.\n{\"name\":\"getWeather\",\"parameters\":{\"city\":\"london\"}}"
                        + "\n{\"name\":\"getWeather\",\"parameters\":{\"city\":\"paris\"}}");
        assertThat(messages.get(2)).isEqualTo(json("{\"role\":\"tool\",\"content\":\"12 degrees\"}"));
        assertThat(WorkersAiSpec.validateRequest(r.body()).getMessages()).isEmpty();
    }

    @Test
    void toolChoiceNoneOffersNoToolsAndRequiredIsRefused() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
        ProviderRequest none = provider.translate(call(withFields(tools + ",\"tool_choice\":\"none\""), ACCOUNT, null))
                .request();
        assertThat(json(none.body()).has("tools")).isFalse();

        assertThatThrownBy(() ->
                        provider.translate(call(withFields(tools + ",\"tool_choice\":\"required\""), ACCOUNT, null)))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.param()).isEqualTo("tool_choice"));
    }

    @Test
    void jsonModesObjectAnswerIsTheMessagesJsonText() {
        Translation t = provider.translate(call(plain(MODEL), ACCOUNT, null));

        JsonNode answer = json(t.answer("""
                {"result":{"response":{"name":"India","capital":"New Delhi"},"usage":{"prompt_tokens":9,"completion_tokens":7}},
                 "success":true,"errors":[],"messages":[]}
                """.getBytes(StandardCharsets.UTF_8)));

        assertThat(json(answer.at("/choices/0/message/content").asText()))
                .isEqualTo(json("{\"name\":\"India\",\"capital\":\"New Delhi\"}"));
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(t.facts().facts().usage().inputTokens()).isEqualTo(9);
    }

    @Test
    void anAnswerThatReachedItsTokenCapFinishedWithLengthAndCloudflaresDefaultCapCounts() {
        String answer = "{\"result\":{\"response\":\"…\",\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":%d}},"
                + "\"success\":true,\"errors\":[],\"messages\":[]}";

        assertThat(finishReason(plain(MODEL), answer.formatted(256))).isEqualTo("length");
        assertThat(finishReason(withFields("\"max_tokens\":300"), answer.formatted(256)))
                .isEqualTo("stop");
        assertThat(finishReason(withFields("\"max_completion_tokens\":40"), answer.formatted(40)))
                .isEqualTo("length");
    }

    @Test
    void aStreamThatReachedItsTokenCapFinishedWithLength() throws Exception {
        Translation t = provider.translate(call(
                "{\"model\":\"" + MODEL + "\",\"stream\":true,\"max_tokens\":2,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                ACCOUNT,
                null));
        String stream = "data: {\"response\":\"Hel\"}\n\ndata: {\"response\":\"lo\"}\n\n"
                + "data: {\"response\":\"\",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n"
                + "data: [DONE]\n\n";
        String finish = null;
        try (ChunkSource s = t.stream(upstreamRequest(), sse(stream))) {
            for (String c = s.next(); c != null; c = s.next()) {
                JsonNode reason = json(c).at("/choices/0/finish_reason");
                if (reason.isTextual()) {
                    finish = reason.asText();
                }
            }
        }
        assertThat(finish).isEqualTo("length");
    }

    @Test
    void aSuccessFalseAnswerWithStatus200IsTheErrorItReports() {
        Translation t = provider.translate(call(plain(MODEL), ACCOUNT, null));

        assertThatThrownBy(() -> t.answer(
                        "{\"result\":null,\"success\":false,\"errors\":[{\"code\":5007,\"message\":\"No such model\"}],\"messages\":[]}"
                                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.getMessage()).isEqualTo("No such model");
                });
    }

    @Test
    void anErrorBodyThatIsNotCloudflaresEnvelopeKeepsTheStatusAndQuotesTheBody() {
        GatewayException e = provider.mapError(
                call(plain(MODEL), ACCOUNT, null),
                502,
                "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8),
                name -> null);

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.getMessage()).isEqualTo("The provider workers-ai answered HTTP 502: <html>Bad gateway</html>");
        assertThat(e.type()).isEqualTo("upstream_error");
    }

    @Test
    void cloudflaresErrorEnvelopeKeepsStatusMessageCodeAndRetryAfter() {
        GatewayException e = provider.mapError(
                call(plain(MODEL), ACCOUNT, null),
                429,
                """
                {"result":null,"success":false,"errors":[{"code":3040,"message":"Capacity temporarily exceeded, please try again."}],"messages":[]}
                """.getBytes(StandardCharsets.UTF_8),
                name -> name.equals("retry-after") ? "2" : null);

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.getMessage()).isEqualTo("Capacity temporarily exceeded, please try again.");
        assertThat(e.code()).isEqualTo("3040");
        assertThat(e.type()).isEqualTo("rate_limit_error");
        assertThat(e.headers()).containsEntry("retry-after", "2");
    }

    @Test
    void aStreamThatEndsBeforeDoneIsTruncated() {
        Translation t = provider.translate(call(streamed(), ACCOUNT, null));
        List<String> chunks = new ArrayList<>();

        assertThatThrownBy(() -> {
                    try (ChunkSource s = t.stream(upstreamRequest(), sse("data: {\"response\":\"Hel\"}\n\n"))) {
                        for (String c = s.next(); c != null; c = s.next()) {
                            chunks.add(c);
                        }
                    }
                })
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("stream_truncated"));
        assertThat(chunks).anySatisfy(c -> assertThat(c).contains("\"content\":\"Hel\""));
    }

    @Test
    void aStreamedIndexedToolCallIsStartedOnceAndItsArgumentFragmentsFollow() throws Exception {
        Translation t = provider.translate(call(streamed(), ACCOUNT, null));
        String stream = """
                data: {"response":"","tool_calls":[{"id":"chatcmpl-tool-1","type":"function","index":0,"function":{"name":"getWeather","arguments":""}}]}

                data: {"response":"","tool_calls":[{"index":0,"function":{"arguments":"{\\"latitude\\":"}}]}

                data: {"response":"","tool_calls":[{"index":0,"function":{"arguments":"\\"51.5\\"}"}}]}

                data: {"response":"","tool_calls":[{"id":null,"type":null,"function":{"name":null}}]}

                data: {"response":"","usage":{"prompt_tokens":20,"completion_tokens":10,"total_tokens":30}}

                data: [DONE]

                """;
        List<JsonNode> chunks = new ArrayList<>();
        try (ChunkSource s = t.stream(upstreamRequest(), sse(stream))) {
            for (String c = s.next(); c != null; c = s.next()) {
                chunks.add(json(c));
            }
        }

        StringBuilder args = new StringBuilder();
        List<String> ids = new ArrayList<>();
        String finish = null;
        for (JsonNode c : chunks) {
            for (JsonNode call : c.at("/choices/0/delta/tool_calls")) {
                assertThat(call.path("index").asInt()).isZero();
                if (call.has("id")) {
                    ids.add(call.get("id").asText());
                }
                args.append(call.at("/function/arguments").asText(""));
            }
            if (c.at("/choices/0/finish_reason").isTextual()) {
                finish = c.at("/choices/0/finish_reason").asText();
            }
        }
        assertThat(ids).containsExactly("chatcmpl-tool-1");
        assertThat(json(args.toString())).isEqualTo(json("{\"latitude\":\"51.5\"}"));
        assertThat(finish).isEqualTo("tool_calls");
        CallFacts facts = t.facts().facts();
        assertThat(facts.usage().outputTokens()).isEqualTo(10);
    }

    @Test
    void thePublishedSchemaRefusesAFieldItDoesNotDeclare() {
        assertThat(WorkersAiSpec.validateRequest(
                                "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                                        .getBytes(StandardCharsets.UTF_8))
                        .getMessages())
                .isNotEmpty();
        assertThat(WorkersAiSpec.validateRequest("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                                .getBytes(StandardCharsets.UTF_8))
                        .getMessages())
                .isEmpty();
    }

    // ---- plumbing

    private String finishReason(String request, String answer) {
        Translation t = provider.translate(call(request, ACCOUNT, null));
        return json(t.answer(answer.getBytes(StandardCharsets.UTF_8)))
                .at("/choices/0/finish_reason")
                .asText();
    }

    private static String plain(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    private static String withFields(String fields) {
        return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]," + fields + "}";
    }

    private static String streamed() {
        return "{\"model\":\"" + MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    private static ProviderCall call(String json, String account, URI customHost) {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        if (account != null) {
            options.put(ProviderOption.WORKERS_AI_ACCOUNT_ID, account);
        }
        Target target = new Target("workers-ai", "cf-token", customHost, null, options, null, Map.of(), true);
        return new ProviderCall(
                PARSER.parse("application/json", json.getBytes(StandardCharsets.UTF_8)),
                target,
                "trace-1",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static JsonNode json(byte[] body) {
        return json(new String(body, StandardCharsets.UTF_8));
    }

    private static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static UpstreamRequest upstreamRequest() {
        return new UpstreamRequest(
                URI.create("https://upstream.example/run"), Map.of(), new byte[0], Duration.ofSeconds(30), false);
    }

    private static UpstreamResponse sse(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new UpstreamResponse() {
            @Override
            public int status() {
                return 200;
            }

            @Override
            public void forEachHeader(BiConsumer<String, String> action) {
                // none
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public InputStream body() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public byte[] readAll() {
                return bytes;
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
