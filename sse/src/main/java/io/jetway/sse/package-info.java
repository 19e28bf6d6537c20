/**
 * Server-Sent Events support for reading upstream (provider) streams.
 *
 * <p>{@link io.jetway.sse.SseDecoder} turns the blocking byte stream of an upstream
 * {@code text/event-stream} response into {@link io.jetway.sse.SseEvent}s, following the
 * WHATWG HTML event stream interpretation rules, and hands each event over as soon as its terminating
 * blank line has arrived so the gateway can forward it without added latency.
 *
 * <p>This package only decodes. Writing events to downstream clients is done elsewhere in the gateway.
 */
package io.jetway.sse;
