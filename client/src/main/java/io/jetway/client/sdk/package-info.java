/**
 * The hand-written face of Jetway's Java client: {@link io.jetway.client.sdk.Jetway} wraps the
 * generated {@code ChatApi} with Portkey-style options ({@link io.jetway.client.sdk.PortkeyOptions},
 * set per client and overridable per call) and adds the streaming call the generator cannot
 * produce ({@link io.jetway.client.sdk.ChatCompletionStream}: typed chunks, closing it closes the
 * connection).
 */
package io.jetway.client.sdk;
