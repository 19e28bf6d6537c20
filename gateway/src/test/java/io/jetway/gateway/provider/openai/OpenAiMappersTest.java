package io.jetway.gateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.core.EffectiveRequest;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenAiMappersTest {

    static ChatRequest request(String json) {
        return new RequestParser(Json.MAPPER).parse("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withNothingToChangeTheCallersBytesAreSentAsTheyAre() {
        ChatRequest r = request("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}], \"logit_bias\":null}");

        OpenAiRequestMapper.Mapped m =
                new OpenAiRequestMapper(Set.of("seed"), Map.of()).map(EffectiveRequest.of(r, null));

        assertThat(m.body()).isSameAs(r.raw());
        assertThat(m.dropped()).isEmpty();
    }

    @Test
    void anImageUrlGivenAsAStringIsSentAsTheObjectFormAndAnObjectOneKeepsTheBytes() throws Exception {
        ChatRequest shorthand = request("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\" :\n \"https://x/y.png\"}]}],\"metadata\":{\"image_url\":\"z\"}}");
        ChatRequest object = request("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}");
        OpenAiRequestMapper mapper = new OpenAiRequestMapper(Set.of(), Map.of());

        var sent = Json.MAPPER.readTree(
                mapper.map(EffectiveRequest.of(shorthand, null)).body());

        assertThat(sent.at("/messages/0/content/0/image_url/url").asText()).isEqualTo("https://x/y.png");
        assertThat(sent.at("/metadata/image_url").asText()).isEqualTo("z");
        assertThat(mapper.map(EffectiveRequest.of(object, null)).body()).isSameAs(object.raw());
    }

    @Test
    void dropsExcludedFieldsRenamesOthersAndAppliesOverrides() throws Exception {
        ChatRequest r = request("{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"seed\":1,"
                + "\"logprobs\":true,\"max_completion_tokens\":5,\"custom\":{\"k\":1}}");
        var overrides = Json.MAPPER.createObjectNode().put("model", "b");

        OpenAiRequestMapper.Mapped m = new OpenAiRequestMapper(
                        Set.of("logprobs"), Map.of("seed", "random_seed", "max_completion_tokens", "max_tokens"))
                .map(EffectiveRequest.of(r, overrides));

        var sent = Json.MAPPER.readTree(m.body());
        assertThat(m.dropped()).containsExactly("logprobs");
        assertThat(sent.has("logprobs")).isFalse();
        assertThat(sent.get("random_seed").asInt()).isEqualTo(1);
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(5);
        assertThat(sent.get("model").asText()).isEqualTo("b");
        assertThat(sent.get("custom").get("k").asInt()).isEqualTo(1);
    }

    @Test
    void aRenameNeverOverwritesAFieldTheCallerSetUnderTheProvidersName() throws Exception {
        ChatRequest r = request(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_completion_tokens\":5,\"max_tokens\":7}");

        var m = new OpenAiRequestMapper(Set.of(), Map.of("max_completion_tokens", "max_tokens"))
                .map(EffectiveRequest.of(r, null));

        var sent = Json.MAPPER.readTree(m.body());
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(7);
        assertThat(sent.has("max_completion_tokens")).isFalse();
    }

    @Test
    void theStreamMapperPassesChunksThroughAndStopsAtDone() {
        OpenAiStreamMapper mapper = new OpenAiStreamMapper("openai");
        List<String> out = new ArrayList<>();

        assertThat(mapper.onEvent(new SseEvent(null, "{\"id\":\"c\",\"choices\":[]}", null, null), out))
                .isFalse();
        assertThat(mapper.onEvent(new SseEvent(null, "[DONE]", null, null), out))
                .isTrue();
        assertThat(out).containsExactly("{\"id\":\"c\",\"choices\":[]}");
    }

    @Test
    void anErrorPayloadInTheStreamBecomesAGatewayError() {
        OpenAiStreamMapper mapper = new OpenAiStreamMapper("openai");

        assertThatThrownBy(() -> mapper.onEvent(
                        new SseEvent(
                                null, " { \"error\": {\"message\":\"boom\",\"type\":\"server_error\"}}", null, null),
                        new ArrayList<>()))
                .isInstanceOf(GatewayException.class)
                .hasMessage("boom");
        assertThat(OpenAiStreamMapper.isErrorPayload("{\"id\":\"x\",\"error\":1}"))
                .isFalse();
        assertThat(mapper.truncated().code()).isEqualTo("stream_truncated");
    }

    @Test
    void providerErrorsKeepStatusMessageTypeAndCode() {
        GatewayException e = OpenAiErrorMapper.map(
                "openai",
                400,
                "{\"error\":{\"message\":\"Bad thing\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":42}}"
                        .getBytes(),
                n -> n.equals("retry-after") ? "2" : null);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("Bad thing");
        assertThat(e.param()).isEqualTo("messages");
        assertThat(e.code()).isEqualTo("42");
        assertThat(e.headers()).containsEntry("retry-after", "2");
        assertThat(e.type()).isEqualTo("invalid_request_error");
        // The provider's type is kept, not derived from the status: OpenAI's token rate limit says "tokens".
        GatewayException tokens = OpenAiErrorMapper.map(
                "openai",
                429,
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"tokens\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"
                        .getBytes(),
                n -> null);
        assertThat(tokens.type()).isEqualTo("tokens");
        assertThat(tokens.code()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void errorVariantsOfCompatibleProvidersAreUnderstood() {
        // Each message is the provider's own words, read from where that variant puts them: a mapper
        // that fell back to quoting the body would fail these.
        GatewayException fastApi = OpenAiErrorMapper.map(
                "x",
                422,
                "{\"detail\":[{\"loc\":[\"body\",\"x\"],\"msg\":\"extra field\"},{\"msg\":\"bad n\"}]}".getBytes(),
                n -> null);
        assertThat(fastApi.getMessage()).isEqualTo("extra field; bad n");
        assertThat(fastApi.type()).isEqualTo(GatewayException.INVALID_REQUEST);
        GatewayException plain = OpenAiErrorMapper.map("x", 401, "{\"error\":\"invalid key\"}".getBytes(), n -> null);
        assertThat(plain.getMessage()).isEqualTo("invalid key");
        assertThat(plain.type()).isEqualTo("authentication_error");
        assertThat(OpenAiErrorMapper.map("x", 400, "{\"detail\":\"no such model\"}".getBytes(), n -> null)
                        .getMessage())
                .isEqualTo("no such model");
        GatewayException topLevel = OpenAiErrorMapper.map("x", 500, "{\"message\":\"oops\"}".getBytes(), n -> null);
        assertThat(topLevel.getMessage()).isEqualTo("oops");
        assertThat(topLevel.type()).isEqualTo(GatewayException.UPSTREAM);
        assertThat(OpenAiErrorMapper.map("x", 502, new byte[0], n -> null).getMessage())
                .isEqualTo("The provider x answered HTTP 502 with an empty body.");
        assertThat(OpenAiErrorMapper.map("x", 503, "<html>down</html>".getBytes(), n -> null)
                        .getMessage())
                .isEqualTo("The provider x answered HTTP 503: <html>down</html>");
    }

    @Test
    void everyCompatibleProviderIsRegistered() {
        assertThat(CompatibleProviders.ALL)
                .containsKeys(
                        "openai",
                        "groq",
                        "mistral-ai",
                        "together-ai",
                        "deepseek",
                        "fireworks-ai",
                        "openrouter",
                        "perplexity-ai",
                        "x-ai",
                        "cerebras",
                        "deepinfra",
                        "ollama");
    }

    /**
     * A spec is checked when it is made (so {@code ALL} cannot hold a bad one): looping over {@code ALL}
     * could never fail, so the check itself is tested on specs that break it.
     */
    @Test
    void aSpecWithoutAnAbsoluteHttpBaseUrlOrDocsPageIsRefusedWhenMade() {
        assertThat(spec("https://api.example.com/v1", "https://docs.example.com")
                        .baseUrl())
                .isEqualTo("https://api.example.com/v1");
        assertThatThrownBy(() -> spec("https://api.example.com/v1/", "https://docs.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p: baseUrl must not end with '/': https://api.example.com/v1/");
        assertThatThrownBy(() -> spec("/v1", "https://docs.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p: baseUrl must be absolute http(s): /v1");
        assertThatThrownBy(() -> spec("ftp://api.example.com", "https://docs.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p: baseUrl must be absolute http(s): ftp://api.example.com");
        assertThatThrownBy(() -> spec("https://api.example.com", "docs.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p: docsUrl must be absolute http(s): docs.example.com");
    }

    private static CompatibleProviders.Spec spec(String baseUrl, String docsUrl) {
        return new CompatibleProviders.Spec(
                "p", baseUrl, "/chat/completions", CompatibleProviders.Spec.Auth.BEARER, Set.of(), Map.of(), docsUrl);
    }
}
