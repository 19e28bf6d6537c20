package io.jetway.client.sdk;

/** 400 Bad Request: the request is wrong; the message says what to fix. */
public class BadRequestException extends JetwayServiceException {

    protected BadRequestException(Details details) {
        super(details);
    }
}
