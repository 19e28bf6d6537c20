/**
 * Pieces every translating provider (Anthropic, Gemini, Bedrock …) shares: writing OpenAI
 * {@code chat.completion.chunk} JSON exactly as OpenAI does, and the finish reasons and usage
 * they map to.
 */
package io.jetway.gateway.provider.common;
