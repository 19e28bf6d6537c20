/**
 * Jetway's HTTP/1.1 server: blocking sockets, the thread that reads a connection runs its requests,
 * strict parsing of heads (no request smuggling), bounded heads and bodies, header, body and keep-alive
 * timeouts, a connection cap with 503s, and every error it raises itself answered with an OpenAI-style
 * JSON error. It knows nothing of the gateway beyond {@link io.jetway.gateway.core} (error bodies).
 */
package io.jetway.gateway.server.http;
