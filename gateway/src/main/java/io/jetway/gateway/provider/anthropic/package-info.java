/**
 * Anthropic's Messages API (https://docs.claude.com/en/api/messages) behind Chat Completions: one
 * class per direction. {@link io.jetway.gateway.provider.anthropic.AnthropicRequestMapper} builds
 * the Messages body (system hoisting, turn merging, content blocks, tools, forced-tool or native
 * JSON output, per-model default {@code max_tokens}); {@link
 * io.jetway.gateway.provider.anthropic.AnthropicResponseMapper} and the stateful {@link
 * io.jetway.gateway.provider.anthropic.AnthropicStreamMapper} turn the message and its event
 * stream into a {@code chat.completion} and {@code chat.completion.chunk}s; {@link
 * io.jetway.gateway.provider.anthropic.AnthropicErrorMapper} keeps Anthropic's error type and
 * message. The mappers take a small options record so Claude on Vertex AI (model in the URL,
 * {@code anthropic_version} in the body) can reuse them.
 */
package io.jetway.gateway.provider.anthropic;
