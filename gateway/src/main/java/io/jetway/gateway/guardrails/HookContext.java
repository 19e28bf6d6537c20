package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.Json;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What checks see (Portkey's {@code HookSpanContext}): the request body, the answer once there is
 * one, the caller's metadata and the provider. The texts are Portkey's: for a request, the last
 * message's text (its text parts joined by newlines); for an answer, the first choice's message content.
 */
public final class HookContext {

    private ObjectNode request;
    private String requestText;
    private final Map<String, String> metadata;
    private final String provider;
    private final boolean streaming;
    private JsonNode response;
    private String responseText = "";
    private int status;
    private Outbound outbound;
    private Function<String, String> requestHeaders = name -> null;

    public HookContext(ObjectNode request, Map<String, String> metadata, String provider, boolean streaming) {
        this.metadata = metadata;
        this.provider = provider;
        this.streaming = streaming;
        request(request);
    }

    public ObjectNode request() {
        return request;
    }

    /** Replaces the request (a check rewrote it); later checks see the new one. */
    public void request(ObjectNode request) {
        this.request = request;
        this.requestText = lastMessageText(request);
    }

    /** How checks reach the network; null when they may not (tests of pure checks). */
    public Outbound outbound() {
        return outbound;
    }

    public void outbound(Outbound outbound) {
        this.outbound = outbound;
    }

    /**
     * The caller's request header {@code name} (any case), or null: Portkey's
     * {@code context.request.headers[name]}. Never sent anywhere by the checks (the jwt check reads its token).
     */
    public String requestHeader(String name) {
        return name == null ? null : requestHeaders.apply(name.toLowerCase(Locale.ROOT));
    }

    /** Sets the lookup of the caller's headers by lower-case name. */
    public void requestHeaders(Function<String, String> byLowerCaseName) {
        this.requestHeaders = byLowerCaseName == null ? name -> null : byLowerCaseName;
    }

    /** A deep copy for hooks that run on another thread (async hooks), while this one goes on changing. */
    public HookContext copy() {
        HookContext c = new HookContext(request.deepCopy(), metadata, provider, streaming);
        c.outbound = outbound;
        c.requestHeaders = requestHeaders;
        if (response != null) {
            c.response(response.deepCopy(), status);
        }
        return c;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public String provider() {
        return provider;
    }

    public boolean streaming() {
        return streaming;
    }

    /** The answer; null before there is one. */
    public JsonNode response() {
        return response;
    }

    public int status() {
        return status;
    }

    /** Sets the answer ({@code chat.completion} JSON) and its status. */
    public void response(JsonNode response, int status) {
        this.response = response;
        this.status = status;
        this.responseText = answerText(response);
    }

    /** Portkey's {@code getText}: the text a check of {@code event} looks at. */
    public String text(Event event) {
        return switch (event) {
            case BEFORE_REQUEST -> requestText;
            case AFTER_REQUEST -> responseText;
        };
    }

    /** The last message's content: a string as is, an array's text parts (non-empty ones) joined by newlines. */
    static String lastMessageText(JsonNode request) {
        JsonNode messages = request == null ? null : request.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return "";
        }
        return contentText(messages.get(messages.size() - 1).get("content"));
    }

    static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder out = new StringBuilder();
            for (JsonNode part : content) {
                JsonNode text = part.get("text");
                if (text != null && text.isTextual() && !text.asText().isEmpty()) {
                    if (!out.isEmpty()) {
                        out.append('\n');
                    }
                    out.append(text.asText());
                }
            }
            return out.toString();
        }
        return "";
    }

    /** The first choice's {@code message.content} (Portkey reads only the first). */
    static String answerText(JsonNode answer) {
        if (answer == null) {
            return "";
        }
        return contentText(answer.path("choices").path(0).path("message").get("content"));
    }

    /** Portkey's context as a webhook receives it (request headers left out, as Portkey does). */
    ObjectNode toJson(Event event) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode req = out.putObject("request");
        req.set("json", request);
        req.put("text", requestText);
        req.put("isStreamingRequest", streaming);
        req.put("isTransformed", false);
        ObjectNode res = out.putObject("response");
        res.set("json", response == null ? Json.MAPPER.createObjectNode() : response);
        res.put("text", responseText);
        if (response == null) {
            res.putNull("statusCode");
        } else {
            res.put("statusCode", status);
        }
        res.put("isTransformed", false);
        out.put("provider", provider);
        out.put("requestType", "chatComplete");
        ObjectNode meta = out.putObject("metadata");
        metadata.forEach(meta::put);
        out.put("eventType", event.portkeyName());
        return out;
    }
}
