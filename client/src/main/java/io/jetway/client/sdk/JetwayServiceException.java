package io.jetway.client.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;

/**
 * The gateway (or, through it, the provider) answered with an error status. Carries the status, the
 * OpenAI-style error's message, {@code type}, {@code code} and {@code param}, the call's trace id and
 * all response headers. One subclass per status ({@link #of}), so callers catch what they handle:
 * {@link BadRequestException} (400), {@link AuthenticationException} (401),
 * {@link PermissionDeniedException} (403), {@link NotFoundException} (404),
 * {@link RequestTimeoutException} (408), {@link ConflictException} (409),
 * {@link UnprocessableEntityException} (422), {@link RateLimitException} (429),
 * {@link InternalServerException} (5xx), {@link UnexpectedStatusCodeException} (any other).
 */
public abstract class JetwayServiceException extends JetwayException {

    private final int status;
    private final HttpHeaders headers;
    private final String errorMessage;
    private final String type;
    private final String code;
    private final String param;
    private final JsonNode body;

    protected JetwayServiceException(Details d) {
        super(
                d.status + " " + (d.type == null ? "" : d.type + (d.code == null ? "" : "/" + d.code) + ": ")
                        + d.message + (d.param == null ? "" : " (param " + d.param + ")")
                        + (traceIdOf(d.headers) == null ? "" : " [trace " + traceIdOf(d.headers) + "]"),
                d.cause);
        this.status = d.status;
        this.headers = d.headers;
        this.errorMessage = d.message;
        this.type = d.type;
        this.code = d.code;
        this.param = d.param;
        this.body = d.body;
    }

    /** The exception for this status and error body ({@code body} may be any text: it is kept as the message). */
    public static JetwayServiceException of(int status, HttpHeaders headers, String body, ObjectMapper mapper) {
        Details d = Details.parse(status, headers, body, mapper);
        return switch (status) {
            case 400 -> new BadRequestException(d);
            case 401 -> new AuthenticationException(d);
            case 403 -> new PermissionDeniedException(d);
            case 404 -> new NotFoundException(d);
            case 408 -> new RequestTimeoutException(d);
            case 409 -> new ConflictException(d);
            case 422 -> new UnprocessableEntityException(d);
            case 429 -> new RateLimitException(d);
            default ->
                status >= 500 && status <= 599 ? new InternalServerException(d) : new UnexpectedStatusCodeException(d);
        };
    }

    public int status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** {@code error.message}, or the body as it came when it was not an OpenAI-style error. */
    public String errorMessage() {
        return errorMessage;
    }

    /** {@code error.type}, e.g. {@code invalid_request_error}; null when absent. */
    public String type() {
        return type;
    }

    /** {@code error.code}, e.g. {@code invalid_api_key}; null when absent. */
    public String code() {
        return code;
    }

    /** {@code error.param}: the request field the error is about; null when absent. */
    public String param() {
        return param;
    }

    /** The call's {@code x-portkey-trace-id}, or null. */
    public String traceId() {
        return traceIdOf(headers);
    }

    /** The error body as JSON (null when it was not JSON): fields beyond the four above stay readable. */
    public JsonNode body() {
        return body;
    }

    static String traceIdOf(HttpHeaders headers) {
        return headers == null ? null : headers.firstValue("x-portkey-trace-id").orElse(null);
    }

    /** What the subclasses are built from. */
    protected static final class Details {
        final int status;
        final HttpHeaders headers;
        final String message;
        final String type;
        final String code;
        final String param;
        final JsonNode body;
        final Throwable cause;

        private Details(
                int status,
                HttpHeaders headers,
                String message,
                String type,
                String code,
                String param,
                JsonNode body,
                Throwable cause) {
            this.status = status;
            this.headers = headers;
            this.message = message;
            this.type = type;
            this.code = code;
            this.param = param;
            this.body = body;
            this.cause = cause;
        }

        static Details parse(int status, HttpHeaders headers, String body, ObjectMapper mapper) {
            JsonNode tree;
            try {
                tree = mapper.readTree(body == null ? "" : body);
            } catch (Exception notJson) {
                // Not JSON (a proxy's HTML page, a truncated body): the text is the message, the parse error the cause.
                return new Details(
                        status,
                        headers,
                        body == null || body.isBlank() ? "(no error body)" : JetwayInvalidDataException.excerpt(body),
                        null,
                        null,
                        null,
                        null,
                        new JetwayInvalidDataException("the error body is not JSON", body, notJson));
            }
            JsonNode error = tree != null && tree.has("error") ? tree.get("error") : tree;
            if (error == null || !error.isObject()) {
                String text = error != null && error.isTextual() ? error.asText() : String.valueOf(body);
                return new Details(status, headers, text, null, null, null, tree, null);
            }
            return new Details(
                    status,
                    headers,
                    text(error, "message", "(no message)"),
                    text(error, "type", null),
                    text(error, "code", null),
                    text(error, "param", null),
                    tree,
                    null);
        }

        private static String text(JsonNode error, String field, String absent) {
            JsonNode v = error.get(field);
            return v == null || v.isNull() ? absent : v.isValueNode() ? v.asText() : v.toString();
        }
    }
}
