package io.jetway.gateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Normalises an OpenAI-format error answer into {@code {"error":{message,type,param,code}}},
 * keeping the provider's status and wording. Tolerates the variants compatible providers send
 * ({@code {"error":"text"}}, {@code {"message":…}}, {@code {"detail":…}}, plain text).
 * OpenAI's shape: https://platform.openai.com/docs/guides/error-codes
 */
public final class OpenAiErrorMapper {

    private OpenAiErrorMapper() {}

    public static GatewayException map(String providerId, int status, byte[] body, Function<String, String> headers) {
        Map<String, String> keep = new LinkedHashMap<>();
        for (String name : new String[] {"retry-after", "retry-after-ms", "x-ms-retry-after-ms"}) {
            String v = headers.apply(name);
            if (v != null) {
                keep.put(name, v);
            }
        }
        JsonNode root = parse(body);
        String message = null;
        String type = null;
        String param = null;
        String code = null;
        if (root != null) {
            JsonNode err = root.get("error");
            if (err != null && err.isObject()) {
                message = text(err.get("message"));
                type = text(err.get("type"));
                param = text(err.get("param"));
                code = text(err.get("code"));
            } else if (err != null && err.isTextual()) {
                message = err.asText();
            }
            if (message == null) {
                message = text(root.get("message"));
            }
            if (message == null && root.has("detail")) {
                message = detail(root.get("detail"));
            }
        }
        if (message == null) {
            message = "The provider " + providerId + " answered HTTP " + status
                    + (body.length == 0 ? " with an empty body." : ": " + snippet(body));
        }
        return new GatewayException(status, type != null ? type : typeFor(status), message, param, code, keep);
    }

    /** An error payload a provider sent inside an otherwise successful stream. */
    public static GatewayException fromStreamPayload(String providerId, String data) {
        GatewayException e = map(providerId, 502, data.getBytes(StandardCharsets.UTF_8), n -> null);
        return new GatewayException(502, e.type(), e.getMessage(), e.param(), e.code());
    }

    static String typeFor(int status) {
        if (status == 401) {
            return GatewayException.AUTHENTICATION;
        }
        if (status == 403) {
            return "permission_error";
        }
        if (status == 404) {
            return GatewayException.NOT_FOUND;
        }
        if (status == 429) {
            return "rate_limit_error";
        }
        return status >= 500 ? GatewayException.UPSTREAM : GatewayException.INVALID_REQUEST;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    /**
     * FastAPI's {@code detail} (vLLM, Ollama's proxies and other compatible servers): a string, or
     * a list of validation errors whose {@code msg}s are joined; anything else as its JSON.
     */
    private static String detail(JsonNode detail) {
        if (detail.isTextual()) {
            return detail.asText();
        }
        if (detail.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode item : detail) {
                String msg = text(item.get("msg"));
                if (msg == null) {
                    return detail.toString();
                }
                if (!b.isEmpty()) {
                    b.append("; ");
                }
                b.append(msg);
            }
            if (!b.isEmpty()) {
                return b.toString();
            }
        }
        return detail.toString();
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    private static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
        return body.length > 300 ? s + "…" : s;
    }
}
