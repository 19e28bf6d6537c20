/**
 * Vertex AI ({@code vertex-ai}) for Gemini and Claude models, authenticated with an OAuth access
 * token: given as is, or obtained from a service account key with a signed JWT
 * (https://developers.google.com/identity/protocols/oauth2/service-account#httprest).
 * <ul>
 *   <li>Gemini: the wire format of {@link io.jetway.gateway.provider.google} at
 *       {@code https://{region}-aiplatform.googleapis.com/v1/projects/{project}/locations/{region}/publishers/google/models/{model}:generateContent}
 *       (https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/projects.locations.publishers.models/generateContent).</li>
 *   <li>Claude: Anthropic's Messages format of {@link io.jetway.gateway.provider.anthropic} at
 *       {@code …/publishers/anthropic/models/{model}:rawPredict} ({@code :streamRawPredict} for
 *       streams), model in the URL and {@code anthropic_version: vertex-2023-10-16} in the body
 *       (https://docs.claude.com/en/api/claude-on-vertex-ai); the {@code VertexAnthropic*}
 *       classes hold what differs from Anthropic's own API.</li>
 * </ul>
 * Other Model Garden publishers are not supported yet.
 */
package io.jetway.gateway.provider.vertex;
