/**
 * The provider SPI. A {@link io.jetway.gateway.provider.Provider} turns the caller's Chat
 * Completions request into one upstream HTTP call and the provider's answer back into Chat
 * Completions (whole, streamed, or as an error). Each provider lives in its own package, with one
 * class per direction ({@code RequestMapper}, {@code ResponseMapper}, {@code StreamMapper},
 * {@code ErrorMapper}); mappers are pure functions, the stream mapper holds the state of one
 * stream. OpenAI-compatible providers are configuration, not code
 * ({@link io.jetway.gateway.provider.openai.CompatibleProviders}).
 */
package io.jetway.gateway.provider;
