package io.jetway.client.sdk;

/** 429 Too Many Requests: a rate limit or quota; retried, honouring retry-after. */
public class RateLimitException extends JetwayServiceException {

    protected RateLimitException(Details details) {
        super(details);
    }
}
