package io.jetway.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.requests.RequestParser;
import io.jetway.gateway.upstream.CustomHostPolicy;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A custom host copied from a Portkey config reaches the URL Portkey's gateway would call: Portkey
 * builds {@code (customHost || getBaseURL()) + getEndpoint()} (Portkey-AI/gateway
 * {@code src/handlers/services/providerContext.ts}, {@code getFullURL}), so the custom host replaces
 * exactly Portkey's base URL and the path after it is Portkey's {@code getEndpoint} for
 * {@code chatComplete}. Each row cites the {@code src/providers/<id>/api.ts} it was read from.
 */
class PortkeyCustomHostTest {

    private static final String HOST = "https://proxy.example.com/pk";

    /** Custom hosts are checked as the routing checks them; the test host is trusted, so nothing resolves. */
    private static final CustomHostPolicy HOSTS = new CustomHostPolicy(Set.of("proxy.example.com"), host -> {
        throw new UnknownHostException(host);
    });

    private static final ProviderRegistry PROVIDERS =
            Providers.defaults(HOSTS, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    private static final Map<ProviderOption, String> NONE = Map.of();
    private static final Map<ProviderOption, String> AZURE = Map.of(
            ProviderOption.AZURE_RESOURCE_NAME,
            "res",
            ProviderOption.AZURE_DEPLOYMENT_ID,
            "gpt4o",
            ProviderOption.AZURE_API_VERSION,
            "2024-10-21");
    private static final Map<ProviderOption, String> AZURE_V1 = Map.of(
            ProviderOption.AZURE_RESOURCE_NAME,
            "res",
            ProviderOption.AZURE_DEPLOYMENT_ID,
            "gpt4o",
            ProviderOption.AZURE_API_VERSION,
            "v1");
    private static final Map<ProviderOption, String> VERTEX =
            Map.of(ProviderOption.VERTEX_PROJECT_ID, "my-project", ProviderOption.VERTEX_REGION, "us-east5");
    private static final Map<ProviderOption, String> BEDROCK = Map.of(ProviderOption.AWS_REGION, "eu-west-1");

    static Stream<Arguments> portkeyUrls() {
        return Stream.of(
                // src/providers/openai/api.ts: https://api.openai.com/v1 + /chat/completions
                row("openai", NONE, "gpt-4o-mini", false, "/chat/completions"),
                row("openai", NONE, "gpt-4o-mini", true, "/chat/completions"),
                // src/providers/groq/api.ts: https://api.groq.com/openai/v1 + /chat/completions
                row("groq", NONE, "llama-3.3-70b-versatile", false, "/chat/completions"),
                // src/providers/mistral-ai/api.ts: https://api.mistral.ai/v1 + /chat/completions
                row("mistral-ai", NONE, "mistral-large-latest", false, "/chat/completions"),
                // src/providers/together-ai/api.ts: https://api.together.xyz + /v1/chat/completions
                row("together-ai", NONE, "meta-llama/Llama-3-8b-chat-hf", false, "/v1/chat/completions"),
                // src/providers/deepseek/api.ts: https://api.deepseek.com + /v1/chat/completions
                row("deepseek", NONE, "deepseek-chat", false, "/v1/chat/completions"),
                // src/providers/fireworks-ai/api.ts: https://api.fireworks.ai/inference/v1 + /chat/completions
                row(
                        "fireworks-ai",
                        NONE,
                        "accounts/fireworks/models/llama-v3p1-8b-instruct",
                        false,
                        "/chat/completions"),
                // src/providers/openrouter/api.ts: https://openrouter.ai/api + /v1/chat/completions
                row("openrouter", NONE, "openai/gpt-4o", false, "/v1/chat/completions"),
                // src/providers/perplexity-ai/api.ts: https://api.perplexity.ai + /chat/completions
                row("perplexity-ai", NONE, "sonar", false, "/chat/completions"),
                // src/providers/x-ai/api.ts: https://api.x.ai/v1 + /chat/completions
                row("x-ai", NONE, "grok-4", false, "/chat/completions"),
                // src/providers/cerebras/api.ts: https://api.cerebras.ai/v1 + /chat/completions
                row("cerebras", NONE, "llama3.1-8b", false, "/chat/completions"),
                // src/providers/deepinfra/api.ts: https://api.deepinfra.com/v1/openai + /chat/completions
                row("deepinfra", NONE, "meta-llama/Meta-Llama-3-8B-Instruct", false, "/chat/completions"),
                // src/providers/ollama/api.ts: the custom host (no default) + /v1/chat/completions
                row("ollama", NONE, "llama3", false, "/v1/chat/completions"),
                // src/providers/nebius/api.ts: https://api.studio.nebius.ai/v1 + /chat/completions
                row("nebius", NONE, "meta-llama/Meta-Llama-3.1-70B-Instruct", false, "/chat/completions"),
                // src/providers/sambanova/api.ts: https://api.sambanova.ai + /v1/chat/completions
                row("sambanova", NONE, "Meta-Llama-3.1-8B-Instruct", false, "/v1/chat/completions"),
                // src/providers/hyperbolic/api.ts: https://api.hyperbolic.xyz + /v1/chat/completions
                row("hyperbolic", NONE, "meta-llama/Llama-3.3-70B-Instruct", false, "/v1/chat/completions"),
                // src/providers/azure-ai-inference/api.ts (github): https://models.inference.ai.azure.com
                // + /chat/completions
                row("github", NONE, "openai/gpt-4.1", false, "/chat/completions"),
                // src/providers/azure-openai/api.ts: https://{resource}.openai.azure.com/openai
                // + /deployments/{id}/chat/completions?api-version=…, or /v1/chat/completions for "v1"
                row(
                        "azure-openai",
                        AZURE,
                        "gpt-4o",
                        false,
                        "/deployments/gpt4o/chat/completions?api-version=2024-10-21"),
                row(
                        "azure-openai",
                        AZURE,
                        "gpt-4o",
                        true,
                        "/deployments/gpt4o/chat/completions?api-version=2024-10-21"),
                row("azure-openai", AZURE_V1, "gpt-4o", false, "/v1/chat/completions"),
                // src/providers/anthropic/api.ts: https://api.anthropic.com/v1 + /messages
                row("anthropic", NONE, "claude-sonnet-4-5", false, "/messages"),
                row("anthropic", NONE, "claude-sonnet-4-5", true, "/messages"),
                // src/providers/google/api.ts: https://generativelanguage.googleapis.com
                // + /v1beta/models/{model}:generateContent (stream: :streamGenerateContent; Jetway asks
                // for SSE with ?alt=sse and sends the key in x-goog-api-key, not in ?key=)
                row("google", NONE, "gemini-2.5-flash", false, "/v1beta/models/gemini-2.5-flash:generateContent"),
                row(
                        "google",
                        NONE,
                        "gemini-2.5-flash",
                        true,
                        "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"),
                // src/providers/google-vertex-ai/api.ts: https://{region}-aiplatform.googleapis.com
                // + /v1/projects/{project}/locations/{region}/publishers/{publisher}/models/{model}:…
                row(
                        "vertex-ai",
                        VERTEX,
                        "gemini-2.5-flash",
                        false,
                        "/v1/projects/my-project/locations/us-east5"
                                + "/publishers/google/models/gemini-2.5-flash:generateContent"),
                row(
                        "vertex-ai",
                        VERTEX,
                        "gemini-2.5-flash",
                        true,
                        "/v1/projects/my-project/locations/us-east5"
                                + "/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse"),
                row(
                        "vertex-ai",
                        VERTEX,
                        "anthropic.claude-sonnet-4-5@20250929",
                        false,
                        "/v1/projects/my-project"
                                + "/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict"),
                row(
                        "vertex-ai",
                        VERTEX,
                        "anthropic.claude-sonnet-4-5@20250929",
                        true,
                        "/v1/projects/my-project"
                                + "/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict"),
                // src/providers/cohere/api.ts: https://api.cohere.ai + /v2/chat
                row("cohere", NONE, "command-a-03-2025", false, "/v2/chat"),
                row("cohere", NONE, "command-a-03-2025", true, "/v2/chat"),
                // src/providers/bedrock/api.ts: https://bedrock-runtime.{region}.amazonaws.com
                // + /model/{encodeURIComponent(model)}/converse (stream: /converse-stream)
                row(
                        "bedrock",
                        BEDROCK,
                        "anthropic.claude-3-5-sonnet-20240620-v1:0",
                        false,
                        "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse"),
                row(
                        "bedrock",
                        BEDROCK,
                        "anthropic.claude-3-5-sonnet-20240620-v1:0",
                        true,
                        "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream"));
    }

    @ParameterizedTest(name = "{0} {2} stream={3}: custom host + {4}")
    @MethodSource("portkeyUrls")
    void aCustomHostCopiedFromAPortkeyConfigReachesTheUrlPortkeyWouldCall(
            String provider, Map<ProviderOption, String> options, String model, boolean stream, String portkeyPath) {
        URI customHost = HOSTS.check(HOST, "x-portkey-custom-host");
        ProviderRequest prepared = PROVIDERS
                .get(provider, "x-portkey-provider")
                .translate(call(provider, customHost, options, model, stream))
                .request();
        assertThat(prepared.uri()).isEqualTo(URI.create(HOST + portkeyPath));
    }

    static Stream<Arguments> defaultUrls() {
        return Stream.of(
                row("openai", NONE, "gpt-4o-mini", false, "https://api.openai.com/v1/chat/completions"),
                row("groq", NONE, "m", false, "https://api.groq.com/openai/v1/chat/completions"),
                row("mistral-ai", NONE, "m", false, "https://api.mistral.ai/v1/chat/completions"),
                row("together-ai", NONE, "m", false, "https://api.together.xyz/v1/chat/completions"),
                // Portkey's default (Jetway's before was https://api.deepseek.com/chat/completions; DeepSeek
                // serves both).
                row("deepseek", NONE, "m", false, "https://api.deepseek.com/v1/chat/completions"),
                row("fireworks-ai", NONE, "m", false, "https://api.fireworks.ai/inference/v1/chat/completions"),
                row("openrouter", NONE, "m", false, "https://openrouter.ai/api/v1/chat/completions"),
                row("perplexity-ai", NONE, "m", false, "https://api.perplexity.ai/chat/completions"),
                row("x-ai", NONE, "m", false, "https://api.x.ai/v1/chat/completions"),
                row("cerebras", NONE, "m", false, "https://api.cerebras.ai/v1/chat/completions"),
                row("deepinfra", NONE, "m", false, "https://api.deepinfra.com/v1/openai/chat/completions"),
                row("ollama", NONE, "m", false, "http://localhost:11434/v1/chat/completions"),
                row("nebius", NONE, "m", false, "https://api.tokenfactory.nebius.com/v1/chat/completions"),
                row("sambanova", NONE, "m", false, "https://api.sambanova.ai/v1/chat/completions"),
                row("hyperbolic", NONE, "m", false, "https://api.hyperbolic.xyz/v1/chat/completions"),
                row("github", NONE, "m", false, "https://models.github.ai/inference/chat/completions"),
                row(
                        "azure-openai",
                        AZURE,
                        "gpt-4o",
                        false,
                        "https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21"),
                row(
                        "azure-openai",
                        AZURE_V1,
                        "gpt-4o",
                        false,
                        "https://res.openai.azure.com/openai/v1/chat/completions"),
                row("anthropic", NONE, "claude-sonnet-4-5", false, "https://api.anthropic.com/v1/messages"),
                row(
                        "google",
                        NONE,
                        "gemini-2.5-flash",
                        false,
                        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"),
                row(
                        "vertex-ai",
                        VERTEX,
                        "gemini-2.5-flash",
                        false,
                        "https://us-east5-aiplatform.googleapis.com/v1"
                                + "/projects/my-project/locations/us-east5/publishers/google/models/gemini-2.5-flash:generateContent"),
                row(
                        "vertex-ai",
                        Map.of(ProviderOption.VERTEX_PROJECT_ID, "p", ProviderOption.VERTEX_REGION, "global"),
                        "gemini-2.5-flash",
                        false,
                        "https://aiplatform.googleapis.com/v1/projects/p/locations/global"
                                + "/publishers/google/models/gemini-2.5-flash:generateContent"),
                row("cohere", NONE, "command-a-03-2025", false, "https://api.cohere.com/v2/chat"),
                row(
                        "bedrock",
                        BEDROCK,
                        "amazon.nova-pro-v1:0",
                        false,
                        "https://bedrock-runtime.eu-west-1.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse"));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("defaultUrls")
    void withoutACustomHostTheProviderIsCalledAtItsDefaultUrl(
            String provider, Map<ProviderOption, String> options, String model, boolean stream, String url) {
        ProviderRequest prepared = PROVIDERS
                .get(provider, "x-portkey-provider")
                .translate(call(provider, null, options, model, stream))
                .request();
        assertThat(prepared.uri()).isEqualTo(URI.create(url));
    }

    private static Arguments row(
            String provider, Map<ProviderOption, String> options, String model, boolean stream, String expected) {
        return Arguments.of(provider, options, model, stream, expected);
    }

    private static ProviderCall call(
            String provider, URI customHost, Map<ProviderOption, String> options, String model, boolean stream) {
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        EnumMap<ProviderOption, String> opts = new EnumMap<>(ProviderOption.class);
        opts.putAll(options);
        Target target = new Target(provider, "test-key", customHost, null, opts, null, Map.of(), true);
        return new ProviderCall(
                new RequestParser(Json.MAPPER).parse("application/json", body.getBytes(StandardCharsets.UTF_8)),
                target,
                "trace-1",
                Instant.parse("2026-01-01T00:00:00Z"));
    }
}
