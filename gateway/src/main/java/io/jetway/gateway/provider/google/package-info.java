/**
 * Google's Gemini API ({@code google}): Chat Completions translated to and from Gemini's
 * {@code generateContent} / {@code streamGenerateContent} (https://ai.google.dev/api/generate-content).
 * The request, response, stream and error mappers here are shared with Vertex AI
 * ({@link io.jetway.gateway.provider.vertex}), which serves the same Gemini wire format at other
 * URLs with other credentials. Field names follow the v1beta protobuf definitions (REST JSON uses
 * their lowerCamelCase names).
 */
package io.jetway.gateway.provider.google;
