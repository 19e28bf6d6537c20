package io.jetway.gateway.server.http;

/** Serves one request; runs on the thread that read it. */
@FunctionalInterface
public interface HttpHandler {

    /**
     * Answers {@code request} on {@code response}. A handler that returns without answering sends an
     * empty 200. {@link ConnectionAbort} closes the connection; any other exception after the response
     * started does too (its head is out, so no error can follow it), and before it, a 500.
     */
    void handle(HttpRequest request, HttpResponse response) throws Exception;
}
