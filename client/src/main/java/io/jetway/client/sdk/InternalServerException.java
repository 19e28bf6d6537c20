package io.jetway.client.sdk;

/** 5xx: the gateway or provider failed (retried). */
public class InternalServerException extends JetwayServiceException {

    protected InternalServerException(Details details) {
        super(details);
    }
}
