/**
 * Pieces every translating provider (Anthropic, Gemini, Bedrock …) shares: writing OpenAI
 * {@code chat.completion} answers ({@link io.jetway.gateway.provider.common.Completions}) and
 * {@code chat.completion.chunk} JSON ({@link io.jetway.gateway.provider.common.ChunkWriter})
 * exactly as OpenAI does, and the finish reasons and usage they map to.
 */
package io.jetway.gateway.provider.common;
