/**
 * Calls to providers: the HTTP request a provider prepared, the client that sends it (Helidon's
 * blocking WebClient on virtual threads, pooled keep-alive connections), how transport failures
 * become 502/504/408, and the SSRF policy for custom hosts.
 */
package io.jetway.gateway.upstream;
