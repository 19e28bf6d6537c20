package io.jetway.gateway.core;

import java.util.Map;

/**
 * Every failure the client sees, in OpenAI's error shape
 * ({@code {"error":{"message","type","param","code"}}}) with the HTTP status to send.
 * Bad requests say what to fix; upstream errors keep the provider's status and message.
 * Unchecked so that mappers stay plain functions.
 */
public final class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** OpenAI's {@code type} for a request the caller must fix. */
    public static final String INVALID_REQUEST = "invalid_request_error";

    public static final String AUTHENTICATION = "authentication_error";
    public static final String NOT_FOUND = "not_found_error";
    public static final String TIMEOUT = "timeout_error";
    public static final String UPSTREAM = "upstream_error";
    public static final String SERVER = "server_error";

    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final transient Map<String, String> headers;
    private final byte[] body;

    public GatewayException(
            int status, String type, String message, String param, String code, Map<String, String> headers) {
        this(status, type, message, param, code, headers, null);
    }

    /**
     * An error whose body is not OpenAI's plain error shape: {@code body} is sent as it is (Portkey's
     * 446 carries {@code hook_results} next to {@code error}); {@code message} is for logs.
     */
    public GatewayException(
            int status,
            String type,
            String message,
            String param,
            String code,
            Map<String, String> headers,
            byte[] body) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
        this.body = body;
    }

    public GatewayException(int status, String type, String message, String param, String code) {
        this(status, type, message, param, code, null);
    }

    /** 400: the caller must change the request; {@code param} names the field or header at fault. */
    public static GatewayException invalidRequest(String message, String param) {
        return new GatewayException(400, INVALID_REQUEST, message, param, null);
    }

    public static GatewayException invalidRequest(String message, String param, String code) {
        return new GatewayException(400, INVALID_REQUEST, message, param, code);
    }

    /** 502: the provider could not be reached, or answered something unusable. */
    public static GatewayException badGateway(String message) {
        return new GatewayException(502, UPSTREAM, message, null, "upstream_unreachable");
    }

    /**
     * The provider did not answer in time: 408 when the caller set {@code request_timeout}
     * (Portkey's behaviour), 504 when the gateway's own limit expired.
     */
    public static GatewayException timeout(boolean callerTimeout, String message) {
        return new GatewayException(
                callerTimeout ? 408 : 504,
                TIMEOUT,
                message,
                null,
                callerTimeout ? "request_timeout" : "upstream_timeout");
    }

    /** 500: a gateway bug. The message is generic; details go to the log, never to the client. */
    public static GatewayException internal(String message) {
        return new GatewayException(500, SERVER, message, null, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    /** The whole JSON body to send instead of the standard error object; null for the standard one. */
    public byte[] body() {
        return body;
    }

    /** Headers to send with the error (e.g. an upstream {@code retry-after}). */
    public Map<String, String> headers() {
        return headers;
    }
}
