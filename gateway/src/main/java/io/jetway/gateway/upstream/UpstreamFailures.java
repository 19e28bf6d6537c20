package io.jetway.gateway.upstream;

import io.jetway.gateway.core.GatewayException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;

/** Turns transport exceptions into the client-facing error: 502 unreachable, 504 or 408 timeout. */
public final class UpstreamFailures {

    private UpstreamFailures() {}

    public static GatewayException map(Throwable failure, UpstreamRequest request, String phase) {
        if (failure instanceof GatewayException g) {
            return g;
        }
        String where = hostOf(request.uri());
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException
                    || t instanceof HttpTimeoutException
                    || (t instanceof InterruptedIOException
                            && String.valueOf(t.getMessage()).contains("timed out"))) {
                return GatewayException.timeout(
                        request.callerTimeout(),
                        "The provider at " + where + " did not answer within "
                                + request.timeout().toMillis() + " ms (" + phase + ").");
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return GatewayException.badGateway(
                        "Could not connect to the provider at " + where + ": " + t.getMessage() + ".");
            }
            if (t instanceof java.io.EOFException
                    || t instanceof java.net.ProtocolException
                            && String.valueOf(t.getMessage()).startsWith("unexpected end of stream")) {
                return GatewayException.badGateway("The provider at " + where
                        + " closed the connection before its answer was complete (" + phase + ").");
            }
            if (t instanceof UnknownHostException) {
                return GatewayException.badGateway("Could not resolve the provider host " + where + ".");
            }
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return GatewayException.badGateway(
                "The connection to the provider at " + where + " failed (" + phase + "): " + message + ".");
    }

    private static String hostOf(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }
}
