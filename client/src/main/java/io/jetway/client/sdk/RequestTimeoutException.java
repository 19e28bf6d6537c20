package io.jetway.client.sdk;

/** 408 Request Timeout: the gateway or provider gave up waiting (retried). */
public class RequestTimeoutException extends JetwayServiceException {

    protected RequestTimeoutException(Details details) {
        super(details);
    }
}
