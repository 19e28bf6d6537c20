package io.jetway.gateway.provider.vertex;

import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.anthropic.AnthropicRequestMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * OpenAI Chat Completions → the body of Claude's {@code rawPredict} on Vertex AI: Anthropic's
 * Messages request as {@link AnthropicRequestMapper} builds it, with the two differences Vertex
 * documents (https://docs.claude.com/en/api/claude-on-vertex-ai): no {@code model} (it is in the
 * URL) and {@code anthropic_version: vertex-2023-10-16} in the body instead of the
 * {@code anthropic-version} header.
 *
 * <p><b>Betas.</b> {@code x-portkey-anthropic-beta} (comma-separated, as Anthropic's header) goes
 * into the body as {@code anthropic_beta: [..]}, where Vertex reads beta flags, and is not sent
 * as a header: Vertex checks the {@code anthropic-beta} header against its own shorter list and
 * answers 400 "Unexpected value(s) … for the anthropic-beta header" for flags it accepts in the
 * body, e.g. {@code context-1m-2025-08-07} (https://github.com/BerriAI/litellm/pull/31607,
 * https://github.com/anthropics/claude-code/issues/12429). Anthropic's Vertex SDKs leave
 * {@code anthropic_version} in the body the same way.
 *
 * <p><b>Version.</b> {@code x-portkey-anthropic-version} names the version of Anthropic's own API
 * ({@code 2023-06-01}), which Vertex does not take; only a Vertex version ({@code vertex-…})
 * given there replaces the default.
 */
final class VertexAnthropicRequestMapper {

    /** The {@code anthropic_version} Vertex requires. */
    static final String VERSION = "vertex-2023-10-16";

    private VertexAnthropicRequestMapper() {}

    /** The rawPredict body for this call, what was not sent, and how to read the answer. */
    static AnthropicRequestMapper.Mapped map(ProviderCall call) {
        Target target = call.target();
        return AnthropicRequestMapper.map(
                call.effective(),
                options(target.option(ProviderOption.ANTHROPIC_VERSION), target.option(ProviderOption.ANTHROPIC_BETA)));
    }

    /** The mapper's Vertex options for these header values (either may be null). */
    static AnthropicRequestMapper.Options options(String version, String beta) {
        String v = version != null && version.strip().startsWith("vertex-") ? version.strip() : VERSION;
        return AnthropicRequestMapper.Options.VERTEX_AI.withBody(v, betas(beta));
    }

    /** {@code a, b,,a} → {@code [a, b]}: trimmed, empty entries and repeats removed, order kept. */
    static List<String> betas(String header) {
        if (header == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String part : header.split(",")) {
            String b = part.strip();
            if (!b.isEmpty()) {
                out.add(b);
            }
        }
        return new ArrayList<>(out);
    }
}
