/**
 * The request log: one entry per request, recorded where the request's end is observed
 * ({@link io.jetway.gateway.observability.Observability}) and written off the hot path by
 * {@link io.jetway.gateway.requestlog.RequestLog} into the store.
 */
package io.jetway.gateway.requestlog;
