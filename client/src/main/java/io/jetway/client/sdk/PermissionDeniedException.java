package io.jetway.client.sdk;

/** 403 Forbidden: the key may not do this (a refused custom host, a guardrail, a budget). */
public class PermissionDeniedException extends JetwayServiceException {

    protected PermissionDeniedException(Details details) {
        super(details);
    }
}
