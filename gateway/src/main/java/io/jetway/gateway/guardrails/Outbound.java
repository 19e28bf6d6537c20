package io.jetway.gateway.guardrails;

import io.jetway.gateway.upstream.CustomHostPolicy;
import io.jetway.gateway.upstream.UpstreamClient;
import java.time.Duration;

/**
 * How checks that call out (webhook, log) reach the network: the gateway's upstream client, its
 * SSRF guard for caller-chosen hosts, and the longest a call may take (the gateway's upstream timeout).
 * No provider credential is ever part of it.
 */
public record Outbound(UpstreamClient client, CustomHostPolicy hosts, Duration maxTimeout) {
}
