/**
 * Anthropic's Messages API ({@code POST /v1/messages}) for providers that do not speak it: the
 * request translated to Chat Completions ({@link io.jetway.gateway.messages.MessagesRequestMapper}),
 * the provider's chat translation run as for chat ({@link io.jetway.gateway.messages.TranslatedMessages}),
 * the answer mapped back ({@link io.jetway.gateway.messages.MessagesAnswerMapper}), streams as
 * Anthropic's event sequence ({@link io.jetway.gateway.messages.MessagesStream}), errors in
 * Anthropic's shape ({@link io.jetway.gateway.messages.MessagesErrors}). Providers that speak
 * Messages (Claude on Anthropic, Vertex AI, Bedrock) are relayed natively by their own provider
 * ({@code provider.anthropic.MessagesRelay}). Knows the providers, never the pipeline or the server.
 */
package io.jetway.gateway.messages;
