package io.jetway.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code x-portkey-metadata}: a JSON object of string values attached to the request (for logs,
 * conditional routing and cache partitioning). {@code _user} is reserved for the end user's id.
 */
public final class RequestMetadata {

    private RequestMetadata() {}

    /** The parsed header, or an empty map when absent; a 400 saying what is wrong otherwise. */
    public static Map<String, String> parse(String header) {
        if (header == null || header.isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(header);
        } catch (IOException e) {
            throw GatewayException.invalidRequest(
                    "x-portkey-metadata must be a JSON object of strings, e.g. "
                            + "{\"_user\":\"u-1\",\"env\":\"prod\"}; it is not valid JSON.",
                    "x-portkey-metadata");
        }
        if (node == null || !node.isObject()) {
            throw GatewayException.invalidRequest(
                    "x-portkey-metadata must be a JSON object of strings.", "x-portkey-metadata");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw GatewayException.invalidRequest(
                        "x-portkey-metadata." + e.getKey() + " must be a string, not "
                                + e.getValue().getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ".",
                        "x-portkey-metadata");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return Map.copyOf(out);
    }
}
