package io.jetway.gateway.provider.vertex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The signed JWT a service account exchanges for an access token (RS256; claims {@code iss},
 * {@code scope}, {@code aud}, {@code iat}, {@code exp}), as Google specifies for server-to-server
 * OAuth (https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests).
 */
public final class ServiceAccountJwt {

    /** The scope Vertex AI needs. */
    public static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    /** Lifetime of the assertion (Google's maximum). */
    public static final long LIFETIME_SECONDS = 3600;

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private ServiceAccountJwt() {}

    /**
     * The compact JWT {@code header.claims.signature}.
     *
     * @param issuedAt Unix seconds
     * @throws GatewayException 400 when the account's private key is not a usable RSA key
     */
    public static String sign(ServiceAccount account, long issuedAt) {
        ObjectNode header = Json.MAPPER.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        if (account.privateKeyId() != null) {
            header.put("kid", account.privateKeyId());
        }
        ObjectNode claims = Json.MAPPER
                .createObjectNode()
                .put("iss", account.clientEmail())
                .put("scope", SCOPE)
                .put("aud", account.tokenUri())
                .put("iat", issuedAt)
                .put("exp", issuedAt + LIFETIME_SECONDS);
        String signingInput = B64URL.encodeToString(bytes(header)) + "." + B64URL.encodeToString(bytes(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey(account.privateKeyPem()));
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw unusableKey();
        }
    }

    /** A PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) RSA key, as in service account key files. */
    static PrivateKey privateKey(String pem) {
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw unusableKey();
        }
    }

    private static GatewayException unusableKey() {
        // Never echo the key (or parts of it).
        return GatewayException.invalidRequest(
                "The Vertex service account's private_key is not a PKCS#8 PEM RSA "
                        + "private key (-----BEGIN PRIVATE KEY-----).",
                ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON.header());
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
