package io.jetway.gateway.provider.google;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Tool call ids for Gemini function calls, which come without ids of their own.
 *
 * <p>Ids are derived from the request (trace id and arrival time), the choice and the call's
 * position, so mappers stay pure, a stream and a whole answer for the same content get the same
 * ids, and two requests that share a caller-chosen trace id still get different ids.
 *
 * <p>Gemini's thinking models attach a {@code thoughtSignature} to function call parts and
 * require it back on those parts in the next turn (Gemini 3 rejects the turn without it:
 * https://ai.google.dev/gemini-api/docs/thought-signatures). Chat Completions has no field for
 * it, so the signature rides in the tool call id, after {@value #SIGNATURE_SEPARATOR}, the
 * convention LiteLLM uses (BerriAI/litellm {@code THOUGHT_SIGNATURE_SEPARATOR}); clients echo
 * ids unchanged, so it comes back with the assistant message.
 */
public final class GeminiToolCallIds {

    /** Separates the id from an embedded thought signature. */
    public static final String SIGNATURE_SEPARATOR = "__thought__";

    private GeminiToolCallIds() {}

    /** {@code call_} and 24 hex digits, unique per request, choice and call index. */
    public static String generate(String traceId, Instant receivedAt, int choice, int index) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        sha.update((traceId + '\n' + receivedAt.getEpochSecond() + '.' + receivedAt.getNano() + '\n' + choice)
                .getBytes(StandardCharsets.UTF_8));
        byte[] digest = sha.digest();
        return "call_" + HexFormat.of().formatHex(digest, 0, 12) + '_' + index;
    }

    /** The id with the signature embedded; the id itself when there is no signature. */
    public static String withSignature(String id, String thoughtSignature) {
        return thoughtSignature == null || thoughtSignature.isEmpty()
                ? id
                : id + SIGNATURE_SEPARATOR + thoughtSignature;
    }

    /** The thought signature embedded in a tool call id, or null. */
    public static String signatureOf(String id) {
        if (id == null) {
            return null;
        }
        int at = id.indexOf(SIGNATURE_SEPARATOR);
        if (at < 0) {
            return null;
        }
        String signature = id.substring(at + SIGNATURE_SEPARATOR.length());
        return signature.isEmpty() ? null : signature;
    }
}
