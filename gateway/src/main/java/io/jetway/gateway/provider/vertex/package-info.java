/**
 * Vertex AI ({@code vertex-ai}) for Gemini models: the Gemini wire format of
 * {@link io.jetway.gateway.provider.google} at
 * {@code https://{region}-aiplatform.googleapis.com/v1/projects/{project}/locations/{region}/publishers/google/models/{model}:generateContent}
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/projects.locations.publishers.models/generateContent),
 * authenticated with an OAuth access token: given as is, or obtained from a service account key
 * with a signed JWT (https://developers.google.com/identity/protocols/oauth2/service-account#httprest).
 * Anthropic (Claude) models on Vertex use another API (rawPredict) and are not supported yet.
 */
package io.jetway.gateway.provider.vertex;
