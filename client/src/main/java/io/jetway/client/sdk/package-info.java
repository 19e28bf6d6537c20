/**
 * The hand-written face of Jetway's Java client. {@link io.jetway.client.sdk.JetwayClient} sends
 * {@link io.jetway.client.sdk.ChatRequest}s (immutable, checked at build time, open to fields the spec
 * does not know) and answers with {@link io.jetway.client.sdk.ChatCompletion}s (the JSON as it came plus
 * the generated model as a typed view), streams of {@link io.jetway.client.sdk.ChatCompletionChunk}s
 * (gathered by a {@link io.jetway.client.sdk.ChatCompletionAccumulator}) or typed structured output;
 * failures are {@link io.jetway.client.sdk.JetwayException}s. Routing options are
 * {@link io.jetway.client.sdk.PortkeyOptions}, per client and per call. {@code Jetway} is the earlier,
 * deprecated facade over the generated {@code ChatApi}.
 */
package io.jetway.client.sdk;
