/**
 * OpenAI and the OpenAI-compatible family. The request is forwarded as the caller's bytes unless
 * something must change (override_params, a field the provider rejects or names differently);
 * answers and stream chunks pass through unchanged. The providers differ only in configuration
 * ({@link io.jetway.gateway.provider.openai.CompatibleProviders}).
 * API reference: https://platform.openai.com/docs/api-reference/chat
 */
package io.jetway.gateway.provider.openai;
