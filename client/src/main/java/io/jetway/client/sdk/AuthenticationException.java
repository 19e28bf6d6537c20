package io.jetway.client.sdk;

/** 401 Unauthorized: a missing or wrong gateway or provider key. */
public class AuthenticationException extends JetwayServiceException {

    protected AuthenticationException(Details details) {
        super(details);
    }
}
