package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Portkey's {@code webhook} and {@code log} checks: POST the hook context (Portkey's JSON, request
 * headers left out) to the caller's URL. The webhook's answer {@code {verdict, data, transformedData}}
 * is the verdict (and, before the request, may rewrite it); {@code log} passes once the POST succeeded.
 *
 * <p>Calls go through the gateway's upstream client under the same SSRF guard as custom hosts
 * ({@link io.jetway.gateway.upstream.CustomHostPolicy}: a URL on an internal address is a 400 unless
 * listed in {@code TRUSTED_CUSTOM_HOSTS}), with only the headers the check names (never a provider
 * credential), and a timeout: {@code timeout} ms (Portkey's default 3000), at most the gateway's
 * upstream timeout. A slow, failing or unreachable webhook is the check's error, which passes the hook
 * unless {@code failOnError} is set, as in Portkey.
 */
final class WebhookCheck implements CheckFunction {

    static final long DEFAULT_TIMEOUT_MS = 3000;

    private final boolean log;

    private WebhookCheck(boolean log) {
        this.log = log;
    }

    static void register(Map<String, CheckFunction> registry) {
        registry.put("default.webhook", new WebhookCheck(false));
        registry.put("default.log", new WebhookCheck(true));
    }

    private String urlName() {
        return log ? "logURL" : "webhookURL";
    }

    @Override
    public void validate(ObjectNode parameters, String path, List<String> problems) {
        String url = Params.text(parameters, urlName());
        if (url == null || url.isBlank()) {
            problems.add(path + ".parameters." + urlName() + " must be an http(s) URL");
        } else if (!url.startsWith("http://") && !url.startsWith("https://")) {
            problems.add(path + ".parameters." + urlName() + " must be an absolute http(s) URL");
        }
        JsonNode h = parameters.get("headers");
        if (h != null && !h.isNull() && !h.isObject() && !(h.isTextual() && parseHeaders(h) != null)) {
            problems.add(path + ".parameters.headers must be an object of header names to values (or its JSON text)");
        }
        JsonNode t = parameters.get("timeout");
        if (t != null && !t.isNull() && !(t.isIntegralNumber() && t.asLong() > 0)) {
            problems.add(path + ".parameters.timeout must be a positive integer of milliseconds");
        }
    }

    private static ObjectNode parseHeaders(JsonNode h) {
        if (h == null || h.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        if (h.isObject()) {
            return (ObjectNode) h;
        }
        try {
            return Json.MAPPER.readTree(h.asText()) instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
        String url = Params.text(parameters, urlName());
        long timeoutMs = parameters.path("timeout").canConvertToLong()
                        && parameters.get("timeout").asLong() > 0
                ? parameters.get("timeout").asLong()
                : DEFAULT_TIMEOUT_MS;
        Outbound outbound = context.outbound();
        if (outbound == null) {
            return failure("webhooks are not available here", url, timeoutMs);
        }
        // A refused address is the caller's 400, as for a custom host: before any call is made.
        URI uri = outbound.hosts().check(url, "x-portkey-config");
        Duration timeout =
                Duration.ofMillis(Math.min(timeoutMs, outbound.maxTimeout().toMillis()));
        Map<String, String> headers = new LinkedHashMap<>();
        ObjectNode given = parseHeaders(parameters.get("headers"));
        if (given == null) {
            return failure("Failed to parse headers: Invalid headers format", url, timeoutMs);
        }
        given.properties()
                .iterator()
                .forEachRemaining(e -> headers.put(
                        e.getKey().toLowerCase(java.util.Locale.ROOT),
                        e.getValue().asText()));
        headers.put("content-type", "application/json");
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(context.toJson(event));
        } catch (IOException e) {
            return failure("the hook context could not be written", url, timeoutMs);
        }
        JsonNode answer;
        try (UpstreamResponse res = outbound.client().send(new UpstreamRequest(uri, headers, body, timeout, false))) {
            byte[] bytes = res.readAll();
            if (res.status() < 200 || res.status() > 299) {
                return failure(
                        "HTTP " + res.status() + " from the " + (log ? "log" : "webhook") + " URL", url, timeoutMs);
            }
            answer = log ? null : Json.MAPPER.readTree(bytes);
        } catch (GatewayException e) {
            return failure(e.getMessage(), url, timeoutMs);
        } catch (IOException | RuntimeException e) {
            return failure("the webhook's answer is not JSON", url, timeoutMs);
        }
        ObjectNode data = Params.object();
        if (log) {
            data.put("message", "Logged the request to " + url);
            return CheckResult.of(true, data);
        }
        boolean verdict = answer.path("verdict").asBoolean(false);
        ObjectNode transformed = null;
        if (event == Event.BEFORE_REQUEST
                && answer.path("transformedData").path("request").path("json") instanceof ObjectNode json) {
            transformed = json;
        }
        data.put("verdict", verdict);
        data.put("explanation", verdict ? "Webhook request succeeded" : "Webhook request failed");
        data.put("webhookUrl", url);
        data.set("responseData", answer.get("data"));
        data.putObject("requestContext").put("timeout", timeoutMs);
        return new CheckResult(verdict, null, data, transformed);
    }

    private CheckResult failure(String message, String url, long timeoutMs) {
        ObjectNode data = Params.object();
        data.put("explanation", (log ? "Log error: " : "Webhook error: ") + message);
        data.put("webhookUrl", url == null ? "No URL provided" : url);
        data.putObject("requestContext").put("timeout", timeoutMs);
        return CheckResult.error(message, data);
    }
}
