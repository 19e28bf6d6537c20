/**
 * The provider SPI. A {@link io.jetway.gateway.provider.Provider} turns the caller's Chat
 * Completions request into one upstream HTTP call and the provider's answer back into Chat
 * Completions (whole, streamed, or as an error). For each chat call it returns a
 * {@link io.jetway.gateway.provider.Translation}: the upstream request and a reader holding what
 * preparing decided ({@link io.jetway.gateway.provider.AnswerPlan} and the provider's own decisions,
 * e.g. its JSON-output mode), so the answer and the stream are read the way the request was written,
 * and each attempt records its typed facts. Each provider lives in its own package, with one class
 * per direction ({@code RequestMapper}, {@code ResponseMapper}, {@code StreamMapper},
 * {@code ErrorMapper}) and its {@code Reader}; mappers are pure functions, the stream mapper holds
 * the state of one stream. OpenAI-compatible providers are configuration, not code
 * ({@link io.jetway.gateway.provider.openai.CompatibleProviders}).
 */
package io.jetway.gateway.provider;
