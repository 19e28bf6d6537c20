/**
 * Azure OpenAI: OpenAI's wire format at a per-resource, per-deployment URL with an
 * {@code api-version} query and an {@code api-key} header (or a Microsoft Entra ID bearer token).
 * https://learn.microsoft.com/azure/ai-services/openai/reference
 */
package io.jetway.gateway.provider.azure;
