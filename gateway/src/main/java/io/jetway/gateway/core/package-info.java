/**
 * The gateway's vocabulary, shared by the server, the pipeline and the providers: the parsed
 * request ({@link io.jetway.gateway.core.ChatRequest}), the Portkey headers, the error type every
 * failure becomes ({@link io.jetway.gateway.core.GatewayException}), the answer the pipeline
 * returns ({@link io.jetway.gateway.core.GatewayResponse}), and the injected sources of time and
 * ids. Nothing here does I/O.
 */
package io.jetway.gateway.core;
