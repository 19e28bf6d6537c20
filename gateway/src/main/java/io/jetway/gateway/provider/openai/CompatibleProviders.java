package io.jetway.gateway.provider.openai;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The OpenAI-compatible providers Jetway can forward Chat Completions requests to. Each one is
 * described by configuration (a {@link Spec}), not by code.
 *
 * <p>This is the contract a {@link Spec} describes for an OpenAI Chat Completions request body
 * forwarded to {@code baseUrl + chatPath}:
 *
 * <ul>
 *   <li><b>Excluded fields</b> ({@link Spec#excludedParams()}): top-level request fields the
 *       provider rejects (for example with a 4xx) or does not support. If one is present, the
 *       forwarder removes it before sending. The request is not failed. The caller is told which
 *       fields were removed in a response header. A field is listed only when a source (the
 *       provider's docs or schema, or Portkey's or LiteLLM's provider config) says the provider
 *       rejects or lacks it. The goal is that nothing the provider accepts is ever removed.
 *   <li><b>Renamed fields</b> ({@link Spec#renamedParams()}): top-level request fields the provider
 *       accepts under a different name, mapped OpenAI name to provider name. The value is moved to
 *       the provider's name unchanged (for example Mistral's {@code random_seed} for {@code seed}).
 *       This class only declares the mapping. If a request carries both names, the forwarder
 *       decides which value wins. A field is never both excluded and renamed.
 *   <li><b>Everything else</b>, including unknown or provider-specific extra fields (such as
 *       Perplexity's {@code search_domain_filter} or Mistral's {@code safe_prompt}), is forwarded
 *       unchanged. Only top-level fields are touched. Nested values such as {@code messages[].name}
 *       and value-level limits (for example Groq accepts {@code n} only when it equals 1) are not
 *       handled here.
 *   <li>Restrictions that apply only to some models (for example DeepSeek's reasoner rejecting
 *       {@code logprobs}, or xAI's reasoning models rejecting {@code presence_penalty}) are not
 *       listed. A spec describes the provider as a whole.
 * </ul>
 *
 * <p>The comment above each entry gives the source its exclusions and renames are based on.
 * Provider ids are Portkey's provider slugs (Portkey-AI/gateway {@code src/globals.ts}).
 *
 * <p>Base URL and path are split where Portkey splits them (its {@code getBaseURL} and
 * {@code getEndpoint} for {@code chatComplete} in {@code src/providers/<id>/api.ts}, cited per
 * entry as "Portkey: base + path"), because a custom host replaces exactly the base URL: Portkey
 * calls {@code (customHost || getBaseURL()) + getEndpoint()}
 * ({@code src/handlers/services/providerContext.ts}, {@code getFullURL}), so a config copied from
 * Portkey reaches the same URL here.
 */
public final class CompatibleProviders {

    /**
     * One OpenAI-compatible provider: where it lives, how it authenticates, what it rejects.
     *
     * @param id Portkey's provider slug, e.g. {@code "groq"}
     * @param baseUrl the base URL {@code chatPath} is appended to, and what a custom host replaces,
     *     e.g. {@code "https://api.groq.com/openai/v1"}; absolute http(s), no trailing slash
     * @param chatPath the Chat Completions path after the base URL, as Portkey appends it, e.g.
     *     {@code "/chat/completions"} or {@code "/v1/chat/completions"}
     * @param auth how the key is sent
     * @param excludedParams top-level request fields the provider rejects or lacks: removed before
     *     forwarding (unmodifiable, in declaration order)
     * @param renamedParams top-level request fields the provider names differently: OpenAI name to
     *     provider name (unmodifiable, in declaration order)
     * @param docsUrl the provider's API reference page documenting the above
     */
    public record Spec(
            String id,
            String baseUrl,
            String chatPath,
            Auth auth,
            Set<String> excludedParams,
            Map<String, String> renamedParams,
            String docsUrl) {

        /** How the provider API key is sent. */
        public enum Auth {
            /** {@code Authorization: Bearer <key>}. */
            BEARER,
            /** No credentials are sent (e.g. a local Ollama server). */
            NONE
        }

        public Spec {
            requireText(id, "id");
            requireText(baseUrl, "baseUrl");
            requireText(chatPath, "chatPath");
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(excludedParams, "excludedParams");
            Objects.requireNonNull(renamedParams, "renamedParams");
            requireText(docsUrl, "docsUrl");
            if (baseUrl.endsWith("/")) {
                throw new IllegalArgumentException(id + ": baseUrl must not end with '/': " + baseUrl);
            }
            requireHttpUrl(id, "baseUrl", baseUrl);
            if (!chatPath.startsWith("/") || chatPath.endsWith("/")) {
                throw new IllegalArgumentException(id + ": chatPath must start and not end with '/': " + chatPath);
            }
            requireHttpUrl(id, "docsUrl", docsUrl);

            Set<String> excluded = new LinkedHashSet<>();
            for (String name : excludedParams) {
                requireText(name, id + ": excluded param");
                excluded.add(name);
            }
            Map<String, String> renamed = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : renamedParams.entrySet()) {
                requireText(e.getKey(), id + ": renamed param");
                requireText(e.getValue(), id + ": renamed param target");
                if (e.getKey().equals(e.getValue())) {
                    throw new IllegalArgumentException(id + ": rename to the same name: " + e.getKey());
                }
                if (excluded.contains(e.getKey())) {
                    throw new IllegalArgumentException(id + ": param both excluded and renamed: " + e.getKey());
                }
                renamed.put(e.getKey(), e.getValue());
            }
            excludedParams = Collections.unmodifiableSet(excluded);
            renamedParams = Collections.unmodifiableMap(renamed);
        }

        private static void requireText(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must be non-blank");
            }
        }

        private static void requireHttpUrl(String id, String what, String value) {
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(id + ": " + what + " is not a URI: " + value, e);
            }
            String scheme = uri.getScheme();
            if (!uri.isAbsolute() || uri.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
                throw new IllegalArgumentException(id + ": " + what + " must be absolute http(s): " + value);
            }
        }
    }

    /** All known providers keyed by {@link Spec#id()}, in declaration order. Unmodifiable. */
    public static final Map<String, Spec> ALL;

    static {
        Map<String, Spec> m = new LinkedHashMap<>();

        // OpenAI itself: the reference API. Nothing is excluded or renamed.
        // Portkey: src/providers/openai/api.ts: https://api.openai.com/v1 + /chat/completions.
        add(
                m,
                new Spec(
                        "openai",
                        "https://api.openai.com/v1",
                        "/chat/completions",
                        Spec.Auth.BEARER,
                        set(),
                        rename(),
                        "https://platform.openai.com/docs/api-reference/chat/create"));

        // Groq. Its OpenAI-compatibility page says logprobs, logit_bias and top_logprobs "are currently
        // not supported and will result in a 400 error" (https://console.groq.com/docs/openai).
        // groq/groq-python src/groq/types/chat/completion_create_params.py describes metadata and store
        // as "This parameter is not currently supported". Groq accepts max_completion_tokens (max_tokens
        // is deprecated), so nothing is renamed, although Portkey's src/providers/groq/index.ts still
        // maps it to max_tokens. n is accepted but only n=1 is allowed (a value limit, not excluded).
        // Portkey: src/providers/groq/api.ts: https://api.groq.com/openai/v1 + /chat/completions.
        add(
                m,
                new Spec(
                        "groq",
                        "https://api.groq.com/openai/v1",
                        "/chat/completions",
                        Spec.Auth.BEARER,
                        set("logprobs", "logit_bias", "top_logprobs", "metadata", "store"),
                        rename(),
                        "https://console.groq.com/docs/openai"));

        // Mistral. ChatCompletionRequest in Mistral's OpenAPI (mistralai/platform-docs-public
        // openapi-public-doc.yaml 2026-08-13; openapi.yaml is the same minus service_tier) has
        // additionalProperties: false, so any other field gets a 422. Excluded: the OpenAI Chat
        // Completions fields that schema does not have, plus thinking. Renamed: seed -> random_seed and
        // max_completion_tokens -> max_tokens (Mistral has no max_completion_tokens). Kept: metadata,
        // n, prediction, parallel_tool_calls, reasoning_effort, prompt_cache_key, service_tier
        // (Mistral's values are auto|standard_only). Portkey: src/providers/mistral-ai/chatComplete.ts
        // also maps seed -> random_seed.
        // Portkey: src/providers/mistral-ai/api.ts: https://api.mistral.ai/v1 + /chat/completions.
        add(
                m,
                new Spec(
                        "mistral-ai",
                        "https://api.mistral.ai/v1",
                        "/chat/completions",
                        Spec.Auth.BEARER,
                        set(
                                "audio",
                                "function_call",
                                "functions",
                                "logit_bias",
                                "logprobs",
                                "modalities",
                                "moderation",
                                "prompt_cache_options",
                                "prompt_cache_retention",
                                "safety_identifier",
                                "store",
                                "stream_options",
                                "top_logprobs",
                                "user",
                                "verbosity",
                                "web_search_options",
                                "thinking"),
                        rename("seed", "random_seed", "max_completion_tokens", "max_tokens"),
                        "https://docs.mistral.ai/api/"));

        // Together AI. Base URL from servers[0] of Together's own OpenAPI spec
        // (togethercomputer/openapi openapi.yaml). No source found saying a standard field is rejected.
        // LiteLLM's litellm/llms/together_ai/chat/transformation.py passes all OpenAI params through and
        // only drops tools/response_format for models its registry marks as unsupported (per model).
        // Portkey: src/providers/together-ai/api.ts: https://api.together.xyz + /v1/chat/completions.
        add(
                m,
                new Spec(
                        "together-ai",
                        "https://api.together.xyz",
                        "/v1/chat/completions",
                        Spec.Auth.BEARER,
                        set(),
                        rename(),
                        "https://github.com/togethercomputer/openapi/blob/main/openapi.yaml"));

        // DeepSeek. The API reference documents max_tokens and not max_completion_tokens. Portkey's
        // src/providers/deepseek/chatComplete.ts maps max_completion_tokens -> max_tokens. logprobs and
        // top_logprobs are rejected only by deepseek-reasoner (a per-model limit), so they are not
        // excluded. LiteLLM's litellm/llms/deepseek/chat/transformation.py excludes nothing.
        // Portkey: src/providers/deepseek/api.ts: https://api.deepseek.com + /v1/chat/completions
        // (DeepSeek serves /chat/completions and /v1/chat/completions alike).
        add(
                m,
                new Spec(
                        "deepseek",
                        "https://api.deepseek.com",
                        "/v1/chat/completions",
                        Spec.Auth.BEARER,
                        set(),
                        rename("max_completion_tokens", "max_tokens"),
                        "https://api-docs.deepseek.com/api/create-chat-completion"));

        // Fireworks AI. Its current OpenAI-compatibility page lists only behaviour differences
        // (max_tokens is trimmed to fit the context window) and no rejected fields. The old "not yet
        // supported" list (presence/frequency penalty, logit_bias) is gone, and the API reference now
        // documents both penalties. The API reference documents max_tokens, and LiteLLM's
        // litellm/llms/fireworks_ai/chat/transformation.py maps max_completion_tokens -> max_tokens.
        // Portkey: src/providers/fireworks-ai/api.ts: https://api.fireworks.ai/inference/v1 +
        // /chat/completions.
        add(
                m,
                new Spec(
                        "fireworks-ai",
                        "https://api.fireworks.ai/inference/v1",
                        "/chat/completions",
                        Spec.Auth.BEARER,
                        set(),
                        rename("max_completion_tokens", "max_tokens"),
                        "https://docs.fireworks.ai/api-reference/post-chatcompletions"));

        // OpenRouter. Its docs say a parameter the chosen model does not support is ignored, not
        // rejected, and it normalises OpenAI parameters across upstreams, so nothing is excluded.
        // Portkey: src/providers/openrouter/api.ts: https://openrouter.ai/api + /v1/chat/completions.
        add(
                m,
                new Spec(
                        "openrouter",
                        "https://openrouter.ai/api",
                        "/v1/chat/completions",
                        Spec.Auth.BEARER,
                        set(),
                        rename(),
                        "https://openrouter.ai/docs/api/api-reference/chat/create-a-chat-completion"));

        // Perplexity (Sonar). The OpenAI-compatibility guide lists the standard parameters it accepts.
        // Perplexity's own SDK (perplexityai/perplexity-py
        // src/perplexity/types/chat/completion_create_params.py) also accepts tools, tool_choice, n,
        // stop, logprobs, top_logprobs, response_format, reasoning_effort and parallel_tool_calls, so
        // nothing is excluded. LiteLLM's and Portkey's narrower allowlists are out of date. That schema
        // has max_tokens and no max_completion_tokens, hence the rename.
        // Portkey: src/providers/perplexity-ai/api.ts: https://api.perplexity.ai + /chat/completions.
        add(
                m,
                new Spec(
                        "perplexity-ai",
                        "https://api.perplexity.ai",
                        "/chat/completions",
                        Spec.Auth.BEARER,
                        set(),
                        rename("max_completion_tokens", "max_tokens"),
                        "https://docs.perplexity.ai/guides/chat-completions-guide"));

        // xAI (Grok). Portkey's src/providers/x-ai/index.ts uses the full OpenAI parameter set
        // (chatCompleteParams([])). xAI's reasoning models reject presence_penalty, frequency_penalty
        // and stop, but that is per model, so nothing is excluded here.
        // Portkey: src/providers/x-ai/api.ts: https://api.x.ai/v1 + /chat/completions.
        add(
                m,
                new Spec(
                        "x-ai",
                        "https://api.x.ai/v1",
                        "/chat/completions",
                        Spec.Auth.BEARER,
                        set(),
                        rename(),
                        "https://docs.x.ai/docs/api-reference"));

        // Cerebras. The OpenAI-compatibility page says frequency_penalty, logit_bias, presence_penalty,
        // parallel_tool_calls and service_tier "are currently not supported and will result in a 400
        // error if they are supplied". Portkey's src/providers/cerebras/index.ts excludes the same
        // fields (and also logprobs, which Cerebras's API reference and SDK accept, so it is kept).
        // Note: Cerebras's generated SDK (cerebras-cloud-sdk-python
        // types/chat/completion_create_params.py) lists these five fields, so re-check if the docs change.
        // max_completion_tokens is accepted natively, so it is not renamed.
        // Portkey: src/providers/cerebras/api.ts: https://api.cerebras.ai/v1 + /chat/completions.
        add(
                m,
                new Spec(
                        "cerebras",
                        "https://api.cerebras.ai/v1",
                        "/chat/completions",
                        Spec.Auth.BEARER,
                        set(
                                "frequency_penalty",
                                "logit_bias",
                                "presence_penalty",
                                "parallel_tool_calls",
                                "service_tier"),
                        rename(),
                        "https://inference-docs.cerebras.ai/resources/openai"));

        // DeepInfra. Its OpenAI API page documents no rejected fields. LiteLLM's
        // litellm/llms/deepinfra/chat/transformation.py maps max_completion_tokens -> max_tokens.
        // (LiteLLM also drops tool_choice values other than auto/none: a value limit, not excluded.)
        // Portkey: src/providers/deepinfra/api.ts: https://api.deepinfra.com/v1/openai +
        // /chat/completions.
        add(
                m,
                new Spec(
                        "deepinfra",
                        "https://api.deepinfra.com/v1/openai",
                        "/chat/completions",
                        Spec.Auth.BEARER,
                        set(),
                        rename("max_completion_tokens", "max_tokens"),
                        "https://deepinfra.com/docs/advanced/openai_api"));

        // Ollama (local, no key). ollama/ollama docs/api/openai-compatibility.mdx marks tool_choice,
        // logit_bias, user and n as unsupported request fields for /v1/chat/completions. Its request
        // struct (openai/openai.go ChatCompletionRequest) has max_tokens but no max_completion_tokens,
        // and does have logprobs, top_logprobs and reasoning_effort, so those are kept.
        // Portkey: src/providers/ollama/api.ts: the custom host (Portkey has no default) +
        // /v1/chat/completions.
        add(
                m,
                new Spec(
                        "ollama",
                        "http://localhost:11434",
                        "/v1/chat/completions",
                        Spec.Auth.NONE,
                        set("tool_choice", "logit_bias", "user", "n"),
                        rename("max_completion_tokens", "max_tokens"),
                        "https://docs.ollama.com/api/openai-compatibility"));

        // ---- Other OpenAI-compatible providers Portkey supports (slugs from src/globals.ts) ----

        // Nebius Token Factory (formerly AI Studio). Base URL from Nebius's API reference introduction.
        // Portkey's src/providers/nebius/api.ts still has the old https://api.studio.nebius.ai/v1 and
        // uses the full OpenAI parameter set (chatCompleteParams([])). No rejected fields documented.
        // Portkey: src/providers/nebius/api.ts: https://api.studio.nebius.ai/v1 + /chat/completions
        // (same split; the default host is Nebius's current one, see above).
        add(
                m,
                new Spec(
                        "nebius",
                        "https://api.tokenfactory.nebius.com/v1",
                        "/chat/completions",
                        Spec.Auth.BEARER,
                        set(),
                        rename(),
                        "https://docs.tokenfactory.nebius.com/api-reference/introduction"));

        // SambaNova Cloud. The OpenAI-compatibility page says presence_penalty, frequency_penalty and
        // logit_bias "are not yet supported and will be ignored". The API reference accepts both
        // max_tokens and max_completion_tokens, so nothing is renamed. Portkey's
        // src/providers/sambanova/index.ts exclusion list is out of date (SambaNova now documents tools,
        // response_format and seed).
        // Portkey: src/providers/sambanova/api.ts: https://api.sambanova.ai + /v1/chat/completions.
        add(
                m,
                new Spec(
                        "sambanova",
                        "https://api.sambanova.ai",
                        "/v1/chat/completions",
                        Spec.Auth.BEARER,
                        set("presence_penalty", "frequency_penalty", "logit_bias"),
                        rename(),
                        "https://docs.sambanova.ai/docs/en/features/openai-compatibility"));

        // Hyperbolic. Base URL from Hyperbolic's text API docs
        // (POST https://api.hyperbolic.xyz/v1/chat/completions). It matches Portkey's
        // src/providers/hyperbolic/api.ts. No rejected fields documented.
        // Portkey: src/providers/hyperbolic/api.ts: https://api.hyperbolic.xyz + /v1/chat/completions.
        add(
                m,
                new Spec(
                        "hyperbolic",
                        "https://api.hyperbolic.xyz",
                        "/v1/chat/completions",
                        Spec.Auth.BEARER,
                        set(),
                        rename(),
                        "https://docs.hyperbolic.ai/inference/text-apis"));

        // GitHub Models. POST https://models.github.ai/inference/chat/completions with a GitHub token
        // (models:read) as the Bearer key, per GitHub's REST docs and quickstart. No rejected fields
        // documented.
        // Portkey: src/providers/azure-ai-inference/api.ts (github):
        // https://models.inference.ai.azure.com + /chat/completions (same split; the default host is
        // GitHub's current one).
        add(
                m,
                new Spec(
                        "github",
                        "https://models.github.ai/inference",
                        "/chat/completions",
                        Spec.Auth.BEARER,
                        set(),
                        rename(),
                        "https://docs.github.com/en/rest/models/inference"));

        ALL = Collections.unmodifiableMap(m);
    }

    /**
     * The OpenAI-format endpoints besides chat a provider serves, as paths after its {@link
     * Spec#baseUrl()} (a custom host replaces the base, as for chat).
     *
     * @param embeddingsPath {@code POST} OpenAI's embeddings request (answer in OpenAI's shape); null: none
     * @param modelsPath {@code GET} OpenAI's model list; null: none
     * @param docsUrl the provider's documentation of these endpoints
     */
    public record Served(String embeddingsPath, String modelsPath, String docsUrl) {}

    /**
     * Which providers of {@link #ALL} serve embeddings and model lists, keyed by id; a provider
     * absent here serves chat only. Each entry cites the page that documents the path.
     */
    public static final Map<String, Served> SERVED;

    static {
        Map<String, Served> m = new LinkedHashMap<>();
        // https://platform.openai.com/docs/api-reference/embeddings/create (POST /v1/embeddings) and
        // https://platform.openai.com/docs/api-reference/models/list (GET /v1/models).
        m.put(
                "openai",
                new Served("/embeddings", "/models", "https://platform.openai.com/docs/api-reference/embeddings"));
        // Groq serves no embeddings; GET https://api.groq.com/openai/v1/models lists its models.
        m.put("groq", new Served(null, "/models", "https://console.groq.com/docs/models"));
        // Mistral's API reference: POST /v1/embeddings (mistral-embed, codestral-embed) and GET /v1/models.
        m.put("mistral-ai", new Served("/embeddings", "/models", "https://docs.mistral.ai/api/"));
        // Together's OpenAPI (servers: https://api.together.xyz/v1): POST /embeddings, GET /models.
        m.put(
                "together-ai",
                new Served(
                        "/v1/embeddings",
                        "/v1/models",
                        "https://github.com/togethercomputer/openapi/blob/main/openapi.yaml"));
        // DeepSeek serves no embeddings; GET https://api.deepseek.com/models lists its models.
        m.put("deepseek", new Served(null, "/models", "https://api-docs.deepseek.com/api/list-models"));
        // Fireworks: POST https://api.fireworks.ai/inference/v1/embeddings (OpenAI-compatible).
        m.put(
                "fireworks-ai",
                new Served(
                        "/embeddings",
                        null,
                        "https://docs.fireworks.ai/api-reference/creates-an-embedding-vector-representing-the-input-text"));
        // OpenRouter: GET https://openrouter.ai/api/v1/models.
        m.put(
                "openrouter",
                new Served(null, "/v1/models", "https://openrouter.ai/docs/api/api-reference/models/get-models"));
        // xAI: GET https://api.x.ai/v1/models.
        m.put("x-ai", new Served(null, "/models", "https://docs.x.ai/docs/api-reference"));
        // Cerebras serves no embeddings; GET https://api.cerebras.ai/v1/models.
        m.put("cerebras", new Served(null, "/models", "https://inference-docs.cerebras.ai/api-reference/models"));
        // DeepInfra's OpenAI API page: /v1/openai/embeddings and /v1/openai/models.
        m.put("deepinfra", new Served("/embeddings", "/models", "https://deepinfra.com/docs/advanced/openai_api"));
        // Ollama's OpenAI compatibility page lists /v1/embeddings and /v1/models.
        m.put("ollama", new Served("/v1/embeddings", "/v1/models", "https://docs.ollama.com/api/openai-compatibility"));
        // Nebius Token Factory's API reference: POST /v1/embeddings and GET /v1/models.
        m.put(
                "nebius",
                new Served(
                        "/embeddings", "/models", "https://docs.tokenfactory.nebius.com/api-reference/introduction"));
        for (Map.Entry<String, Served> e : m.entrySet()) {
            if (!ALL.containsKey(e.getKey())) {
                throw new IllegalStateException("served endpoints for an unknown provider: " + e.getKey());
            }
            for (String path :
                    new String[] {e.getValue().embeddingsPath(), e.getValue().modelsPath()}) {
                if (path != null && (!path.startsWith("/") || path.endsWith("/"))) {
                    throw new IllegalStateException(e.getKey() + ": path must start and not end with '/': " + path);
                }
            }
        }
        SERVED = Collections.unmodifiableMap(m);
    }

    /** What {@code id} serves besides chat: nothing when it is not in {@link #SERVED}. */
    public static Served served(String id) {
        return SERVED.getOrDefault(id, new Served(null, null, ALL.get(id).docsUrl()));
    }

    private CompatibleProviders() {}

    /**
     * The spec for a provider id.
     *
     * @param id Portkey's provider slug
     * @return the spec, or {@code null} if the id is unknown (or {@code null})
     */
    public static Spec get(String id) {
        return id == null ? null : ALL.get(id);
    }

    private static void add(Map<String, Spec> m, Spec spec) {
        if (m.putIfAbsent(spec.id(), spec) != null) {
            throw new IllegalStateException("duplicate provider id: " + spec.id());
        }
    }

    private static Set<String> set(String... names) {
        Set<String> s = new LinkedHashSet<>();
        for (String n : names) {
            if (!s.add(n)) {
                throw new IllegalStateException("duplicate param: " + n);
            }
        }
        return s;
    }

    /** Pairs of OpenAI name, provider name. */
    private static Map<String, String> rename(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalStateException("rename needs name pairs");
        }
        Map<String, String> r = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (r.put(pairs[i], pairs[i + 1]) != null) {
                throw new IllegalStateException("duplicate rename: " + pairs[i]);
            }
        }
        return r;
    }
}
