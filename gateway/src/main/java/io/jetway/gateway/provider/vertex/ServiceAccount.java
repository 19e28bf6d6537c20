package io.jetway.gateway.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import java.io.IOException;

/**
 * The parts of a Google service account key file ({@code type: service_account}) needed to get an
 * access token (https://google.aip.dev/auth/4112). Never printed: {@link #toString()} shows only
 * the account's e-mail.
 *
 * @param clientEmail   the account ({@code client_email}), the JWT's issuer
 * @param privateKeyPem the PKCS#8 PEM RSA key ({@code private_key})
 * @param privateKeyId  the key's id ({@code private_key_id}), the JWT's {@code kid}; may be null
 * @param tokenUri      where to exchange the JWT ({@code token_uri}), also the JWT's audience
 * @param projectId     the account's project ({@code project_id}); may be null
 */
public record ServiceAccount(
        String clientEmail, String privateKeyPem, String privateKeyId, String tokenUri, String projectId) {

    /** Google's token endpoint, for key files that name none. */
    public static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";

    private static final String PARAM = ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON.header();

    /**
     * Reads a key file's JSON.
     *
     * @throws GatewayException 400 when it is not a service account key (without echoing it)
     */
    public static ServiceAccount parse(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw GatewayException.invalidRequest("The Vertex service account JSON is not valid JSON.", PARAM);
        }
        if (root == null || !root.isObject()) {
            throw GatewayException.invalidRequest(
                    "The Vertex service account JSON must be an object (the key file " + "of a service account).",
                    PARAM);
        }
        String type = text(root, "type");
        if (type != null && !type.equals("service_account")) {
            throw GatewayException.invalidRequest(
                    "The Vertex credentials JSON has type '" + type + "'; only service "
                            + "account keys (type service_account) are supported.",
                    PARAM);
        }
        String email = text(root, "client_email");
        String key = text(root, "private_key");
        if (email == null || key == null) {
            throw GatewayException.invalidRequest(
                    "The Vertex service account JSON needs client_email and private_key "
                            + "(use the key file downloaded for the service account).",
                    PARAM);
        }
        String tokenUri = text(root, "token_uri");
        return new ServiceAccount(
                email,
                key,
                text(root, "private_key_id"),
                tokenUri == null ? DEFAULT_TOKEN_URI : tokenUri,
                text(root, "project_id"));
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
    }

    @Override
    public String toString() {
        return "ServiceAccount[" + clientEmail + "]";
    }
}
