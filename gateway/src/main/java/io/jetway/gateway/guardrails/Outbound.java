package io.jetway.gateway.guardrails;

import io.jetway.gateway.upstream.CustomHostPolicy;
import io.jetway.gateway.upstream.UpstreamClient;
import java.time.Clock;
import java.time.Duration;

/**
 * How checks that call out (webhook, log, jwt's JWKS) reach the network: the gateway's upstream
 * client, its SSRF guard for caller-chosen hosts, the longest a call may take (the gateway's upstream
 * timeout), and the gateway-wide cache of JWKS documents. No provider credential is ever part of it.
 */
public record Outbound(UpstreamClient client, CustomHostPolicy hosts, Duration maxTimeout, Jwks jwks) {

    /** With a JWKS cache of its own on {@code clock}. */
    public Outbound(UpstreamClient client, CustomHostPolicy hosts, Duration maxTimeout, Clock clock) {
        this(client, hosts, maxTimeout, new Jwks(clock));
    }

    /** With a JWKS cache on the system clock. */
    public Outbound(UpstreamClient client, CustomHostPolicy hosts, Duration maxTimeout) {
        this(client, hosts, maxTimeout, Clock.systemUTC());
    }
}
