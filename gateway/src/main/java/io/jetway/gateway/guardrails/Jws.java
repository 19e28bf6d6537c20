package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of the {@code jose} library that Portkey's {@code jwt} check uses, on the JDK's
 * {@code java.security}: {@code importJWK(jwk, jwk.alg)} and {@code jwtVerify(token, key,
 * {clockTolerance, maxTokenAge})}, with jose's checks in jose's order and its messages (which Portkey
 * puts in the explanation). Keys: RSA (RS256/384/512, PS256/384/512) and EC (ES256/384/512);
 * other {@code alg}s are refused as jose refuses an unsupported one.
 */
final class Jws {

    /** A failed import or verification, with jose's message. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** An imported key: the JWK's {@code alg} and the JDK key. */
    record Key(String alg, PublicKey key) {}

    private enum Family {
        RSA("RSASSA-PKCS1-v1_5"),
        PSS("RSA-PSS"),
        EC("ECDSA");

        final String webCryptoName;

        Family(String webCryptoName) {
            this.webCryptoName = webCryptoName;
        }
    }

    private Jws() {}

    private static Family family(String alg) {
        if (alg == null || alg.length() != 5) {
            return null;
        }
        String bits = alg.substring(2);
        if (!bits.equals("256") && !bits.equals("384") && !bits.equals("512")) {
            return null;
        }
        return switch (alg.substring(0, 2)) {
            case "RS" -> Family.RSA;
            case "PS" -> Family.PSS;
            case "ES" -> Family.EC;
            default -> null;
        };
    }

    private static String curve(String alg) {
        return switch (alg.substring(2)) {
            case "256" -> "P-256";
            case "384" -> "P-384";
            default -> "P-521";
        };
    }

    /** jose's {@code importJWK(jwk, jwk.alg)}. */
    static Key importJwk(JsonNode jwk) throws Invalid {
        if (!jwk.isObject()) {
            throw new Invalid("JWK must be an object");
        }
        JsonNode algNode = jwk.get("alg");
        if (algNode == null || !algNode.isTextual() || algNode.asText().isEmpty()) {
            throw new Invalid("\"alg\" argument is required when \"jwk.alg\" is not present");
        }
        String alg = algNode.asText();
        Family family = family(alg);
        String kty = jwk.path("kty").asText("");
        try {
            if (family == Family.RSA || family == Family.PSS) {
                if (!kty.equals("RSA")) {
                    throw new Invalid("Invalid or unsupported JWK \"kty\" (Key Type) Parameter value");
                }
                PublicKey key = KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(unsigned(jwk, "n"), unsigned(jwk, "e")));
                return new Key(alg, key);
            }
            if (family == Family.EC) {
                if (!kty.equals("EC")) {
                    throw new Invalid("Invalid or unsupported JWK \"kty\" (Key Type) Parameter value");
                }
                String crv = curve(alg);
                if (!crv.equals(jwk.path("crv").asText())) {
                    throw new Invalid("Invalid or unsupported JWK \"alg\" (Algorithm) Parameter value");
                }
                AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
                params.init(new ECGenParameterSpec(
                        switch (crv) {
                            case "P-256" -> "secp256r1";
                            case "P-384" -> "secp384r1";
                            default -> "secp521r1";
                        }));
                ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
                ECPoint point = new ECPoint(unsigned(jwk, "x"), unsigned(jwk, "y"));
                return new Key(alg, KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Invalid("Invalid keyData");
        }
        throw new Invalid("Invalid or unsupported JWK \"alg\" (Algorithm) Parameter value");
    }

    private static BigInteger unsigned(JsonNode jwk, String member) throws Invalid {
        JsonNode v = jwk.get(member);
        if (v == null || !v.isTextual()) {
            throw new Invalid("Invalid keyData");
        }
        try {
            return new BigInteger(1, Base64.getUrlDecoder().decode(v.asText()));
        } catch (IllegalArgumentException e) {
            throw new Invalid("Invalid keyData");
        }
    }

    /** The protected header of a compact token, as Portkey's {@code getMatchingKey} reads it (leniently). */
    static JsonNode header(String token) throws Invalid {
        int dot = token.indexOf('.');
        String first = dot < 0 ? token : token.substring(0, dot);
        try {
            return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(stripPadding(first)));
        } catch (IOException | IllegalArgumentException e) {
            throw new Invalid("the JWT header is not base64url-encoded JSON");
        }
    }

    /**
     * jose's {@code jwtVerify(token, key, {clockTolerance, maxTokenAge})}: the compact form, the
     * header's {@code alg} against the key, the signature, then the claims at {@code nowSeconds}.
     */
    static void verify(String token, Key key, long nowSeconds, long toleranceSeconds, long maxTokenAgeSeconds)
            throws Invalid {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new Invalid("Invalid Compact JWS");
        }
        JsonNode header;
        try {
            header = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
        } catch (IOException | IllegalArgumentException e) {
            throw new Invalid("JWS Protected Header is invalid");
        }
        if (header == null || !header.isObject()) {
            throw new Invalid("JWS Protected Header is invalid");
        }
        JsonNode crit = header.get("crit");
        if (crit != null) {
            if (!crit.isArray() || crit.isEmpty()) {
                throw new Invalid(
                        "\"crit\" (Critical) Header Parameter MUST be an array of non-empty strings when " + "present");
            }
            for (JsonNode c : crit) {
                if (!c.isTextual() || c.asText().isEmpty()) {
                    throw new Invalid("\"crit\" (Critical) Header Parameter MUST be an array of non-empty strings "
                            + "when present");
                }
            }
            throw new Invalid("Extension Header Parameter \"" + crit.get(0).asText() + "\" is not recognized");
        }
        JsonNode algNode = header.get("alg");
        if (algNode == null || !algNode.isTextual() || algNode.asText().isEmpty()) {
            throw new Invalid("JWS \"alg\" (Algorithm) Header Parameter missing or invalid");
        }
        String alg = algNode.asText();
        checkKeyFits(alg, key);
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new Invalid("Failed to base64url decode the signature");
        }
        if (!signatureVerifies(
                alg, key.key(), (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature)) {
            throw new Invalid("signature verification failed");
        }
        JsonNode claims;
        try {
            claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IllegalArgumentException e) {
            throw new Invalid("Failed to base64url decode the payload");
        } catch (IOException e) {
            claims = null;
        }
        if (claims == null || !claims.isObject()) {
            throw new Invalid("JWT Claims Set must be a top-level JSON object");
        }
        checkClaims(claims, nowSeconds, toleranceSeconds, maxTokenAgeSeconds);
    }

    /** jose's {@code checkSigCryptoKey}: a key imported for one algorithm verifies only that one. */
    private static void checkKeyFits(String alg, Key key) throws Invalid {
        Family given = family(alg);
        Family keys = family(key.alg());
        if (given == null) {
            if (alg.startsWith("HS") && (alg.equals("HS256") || alg.equals("HS384") || alg.equals("HS512"))) {
                throw new Invalid("CryptoKey does not support this operation, its algorithm.name must be HMAC");
            }
            throw new Invalid("CryptoKey does not support this operation");
        }
        if (given != keys) {
            throw new Invalid(
                    "CryptoKey does not support this operation, its algorithm.name must be " + given.webCryptoName);
        }
        if (!alg.equals(key.alg())) {
            throw new Invalid(
                    given == Family.EC
                            ? "CryptoKey does not support this operation, its algorithm.namedCurve must be "
                                    + curve(alg)
                            : "CryptoKey does not support this operation, its algorithm.hash must be SHA-"
                                    + alg.substring(2));
        }
        if (key.key() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
            throw new Invalid(alg + " requires key modulusLength to be 2048 bits or larger");
        }
    }

    private static boolean signatureVerifies(String alg, PublicKey key, byte[] signed, byte[] signature) {
        String bits = alg.substring(2);
        try {
            Signature verifier;
            switch (family(alg)) {
                case RSA -> verifier = Signature.getInstance("SHA" + bits + "withRSA");
                case PSS -> {
                    verifier = Signature.getInstance("RSASSA-PSS");
                    String digest = "SHA-" + bits;
                    verifier.setParameter(new PSSParameterSpec(
                            digest, "MGF1", new MGF1ParameterSpec(digest), Integer.parseInt(bits) / 8, 1));
                }
                case EC -> verifier = Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
                default -> throw new IllegalStateException("checked by checkKeyFits");
            }
            verifier.initVerify(key);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A signature of the wrong length or form does not verify (WebCrypto answers false too).
            return false;
        }
    }

    /** jose's {@code validateClaimsSet} with only {@code clockTolerance} and {@code maxTokenAge} set. */
    private static void checkClaims(JsonNode claims, long now, long tolerance, long maxTokenAge) throws Invalid {
        JsonNode iat = claims.get("iat");
        if (iat == null) {
            throw new Invalid("missing required \"iat\" claim");
        }
        if (!iat.isNumber()) {
            throw new Invalid("\"iat\" claim must be a number");
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null) {
            if (!nbf.isNumber()) {
                throw new Invalid("\"nbf\" claim must be a number");
            }
            if (nbf.doubleValue() > now + tolerance) {
                throw new Invalid("\"nbf\" claim timestamp check failed");
            }
        }
        JsonNode exp = claims.get("exp");
        if (exp != null) {
            if (!exp.isNumber()) {
                throw new Invalid("\"exp\" claim must be a number");
            }
            if (exp.doubleValue() <= now - tolerance) {
                throw new Invalid("\"exp\" claim timestamp check failed");
            }
        }
        double age = now - iat.doubleValue();
        if (age - tolerance > maxTokenAge) {
            throw new Invalid("\"iat\" claim timestamp check failed (too far in the past)");
        }
        if (age < -tolerance) {
            throw new Invalid("\"iat\" claim timestamp check failed (it should be in the past)");
        }
    }

    private static final Pattern PERIOD = Pattern.compile(
            "^(\\+|-)? ?(\\d+|\\d+\\.\\d+) ?(seconds?|secs?|s|"
                    + "minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$",
            Pattern.CASE_INSENSITIVE);

    /** jose's {@code secs}: a time period such as {@code 1d}, {@code 2 hours}, {@code 30s} in seconds; null if malformed. */
    static Long seconds(String period) {
        Matcher m = period.length() > 64 ? null : PERIOD.matcher(period);
        if (m == null || !m.matches()) {
            return null;
        }
        double value = Double.parseDouble(m.group(2));
        String unit = m.group(3).toLowerCase(Locale.ROOT);
        double factor;
        if (unit.equals("s") || unit.startsWith("sec")) {
            factor = 1;
        } else if (unit.equals("m") || unit.startsWith("min")) {
            factor = 60;
        } else if (unit.equals("h") || unit.startsWith("hour") || unit.startsWith("hr")) {
            factor = 3600;
        } else if (unit.equals("d") || unit.startsWith("day")) {
            factor = 86400;
        } else if (unit.equals("w") || unit.startsWith("week")) {
            factor = 604800;
        } else {
            factor = 31557600;
        }
        long secs = Math.round(value * factor);
        boolean negative = "-".equals(m.group(1)) || "ago".equalsIgnoreCase(m.group(4));
        return negative ? -secs : secs;
    }

    private static String stripPadding(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        return s.substring(0, end);
    }
}
