/**
 * The HTTP face of the gateway on Helidon SE (virtual threads): endpoints implementing the
 * services generated from {@code openapi.yaml}, request parsing and validation (every problem a
 * 400 naming the field), and response writing (JSON, or SSE written chunk by chunk as it arrives).
 */
package io.jetway.gateway.server;
