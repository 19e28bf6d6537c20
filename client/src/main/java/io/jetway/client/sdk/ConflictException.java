package io.jetway.client.sdk;

/** 409 Conflict (retried). */
public class ConflictException extends JetwayServiceException {

    protected ConflictException(Details details) {
        super(details);
    }
}
