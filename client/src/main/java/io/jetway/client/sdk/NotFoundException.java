package io.jetway.client.sdk;

/** 404 Not Found: an unknown model, config, virtual key or path. */
public class NotFoundException extends JetwayServiceException {

    protected NotFoundException(Details details) {
        super(details);
    }
}
