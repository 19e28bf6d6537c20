package io.jetway.gateway.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets for storage: AES-256-GCM, a fresh random 96-bit IV per value, a 128-bit tag, and
 * associated data naming where the value belongs (e.g. {@code virtual_key:my-openai}) so that a
 * sealed value copied into another row does not open there.
 *
 * <p>Format: {@code v1:} + base64(IV ‖ ciphertext ‖ tag). Thread-safe (a {@link Cipher} per call).
 */
public final class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    /** @param key exactly 32 bytes (AES-256) */
    public SecretBox(byte[] key, SecureRandom random) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.random = random;
    }

    public SecretBox(byte[] key) {
        this(key, new SecureRandom());
    }

    public String seal(String plaintext, String associatedData) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
    }

    /**
     * @throws UnreadableSecretException when the value was tampered with, belongs elsewhere, or was
     *                                   sealed with another key (the message names none of it)
     */
    public String open(String sealed, String associatedData) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new UnreadableSecretException("not a sealed value of a known format");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new UnreadableSecretException("not valid base64");
        }
        if (raw.length < IV_BYTES + TAG_BITS / 8) {
            throw new UnreadableSecretException("too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, IV_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException("authentication failed: wrong master key, or the value was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SecretBox[AES-256-GCM]";
    }

    /** A sealed value that does not open. */
    public static final class UnreadableSecretException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnreadableSecretException(String message) {
            super(message);
        }
    }
}
