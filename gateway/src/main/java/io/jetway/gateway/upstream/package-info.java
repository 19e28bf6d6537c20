/**
 * Calls to providers: the HTTP request a provider prepared, the client that sends it (OkHttp's
 * blocking API on the request's virtual thread, pooled keep-alive connections), how whole bodies
 * are read, how transport failures become 502/504/408, and the SSRF policy for custom hosts.
 */
package io.jetway.gateway.upstream;
