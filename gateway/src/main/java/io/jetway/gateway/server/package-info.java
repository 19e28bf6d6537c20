/**
 * The HTTP face of the gateway: endpoints implementing the services generated from {@code openapi.yaml}
 * (Helidon SE's interfaces), served by Jetway's own HTTP/1.1 server ({@code server.http}) through
 * {@link io.jetway.gateway.server.Routes}, request parsing and validation (every problem a
 * 400 naming the field), and response writing (JSON, or SSE written chunk by chunk as it arrives).
 */
package io.jetway.gateway.server;
