/**
 * Observability: Prometheus metrics ({@code GET /metrics}, Micrometer) and OpenTelemetry traces
 * (GenAI semantic conventions, OTLP, off unless configured), fed by a pair of pipeline
 * interceptors — one around the whole request, one around each upstream attempt — and a timed
 * upstream client that separates time spent waiting on providers from the gateway's own.
 * {@link io.jetway.gateway.observability.Observability} assembles them.
 */
package io.jetway.gateway.observability;
