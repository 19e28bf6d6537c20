package io.jetway.client.sdk;

/** Any other non-2xx status. */
public class UnexpectedStatusCodeException extends JetwayServiceException {

    protected UnexpectedStatusCodeException(Details details) {
        super(details);
    }
}
