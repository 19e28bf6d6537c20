package io.jetway.client.sdk;

/** 422 Unprocessable Entity: well-formed but refused. */
public class UnprocessableEntityException extends JetwayServiceException {

    protected UnprocessableEntityException(Details details) {
        super(details);
    }
}
