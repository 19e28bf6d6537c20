/**
 * The HTTP face of the gateway: endpoints implementing the services generated from {@code openapi.yaml}
 * (Helidon SE's interfaces), served by Jetway's own HTTP/1.1 server ({@code server.http}) through
 * {@link io.jetway.gateway.server.Routes}, and response writing (JSON, or SSE written chunk by chunk
 * as it arrives). Bodies are parsed and validated by {@link io.jetway.gateway.requests}.
 */
package io.jetway.gateway.server;
