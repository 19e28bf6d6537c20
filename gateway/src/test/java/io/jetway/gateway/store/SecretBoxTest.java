package io.jetway.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    final SecretBox box = new SecretBox(key(7));

    @Test
    void aSealedValueOpensToTheSameText() {
        String sealed = box.seal("{\"api_key\":\"sk-ünïcode-✓\"}", "virtual_key:a");

        assertThat(sealed).startsWith("v1:").doesNotContain("sk-");
        assertThat(box.open(sealed, "virtual_key:a")).isEqualTo("{\"api_key\":\"sk-ünïcode-✓\"}");
    }

    @Test
    void everySealUsesAFreshNinetySixBitIv() {
        String a = box.seal("same", "x");
        String b = box.seal("same", "x");

        assertThat(a).isNotEqualTo(b);
        byte[] rawA = Base64.getDecoder().decode(a.substring(3));
        byte[] rawB = Base64.getDecoder().decode(b.substring(3));
        assertThat(Arrays.copyOf(rawA, 12)).isNotEqualTo(Arrays.copyOf(rawB, 12));
        assertThat(rawA).hasSize(12 + "same".length() + 16);
    }

    @Test
    void flippingAnyByteIsDetected() {
        String sealed = box.seal("sk-secret-value", "virtual_key:a");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        for (int i = 0; i < raw.length; i++) {
            byte[] tampered = raw.clone();
            tampered[i] ^= 0x01;
            String bad = "v1:" + Base64.getEncoder().encodeToString(tampered);
            assertThatThrownBy(() -> box.open(bad, "virtual_key:a"))
                    .as("byte %d", i)
                    .isInstanceOf(SecretBox.UnreadableSecretException.class)
                    .hasMessageContaining("authentication failed")
                    .hasMessageNotContaining("sk-secret");
        }
    }

    @Test
    void aValueSealedForOneRowDoesNotOpenForAnother() {
        String sealed = box.seal("sk-a", "virtual_key:a");

        assertThatThrownBy(() -> box.open(sealed, "virtual_key:b"))
                .isInstanceOf(SecretBox.UnreadableSecretException.class);
    }

    @Test
    void anotherKeyCannotOpenIt() {
        String sealed = box.seal("sk-a", "x");

        assertThatThrownBy(() -> new SecretBox(key(8)).open(sealed, "x"))
                .isInstanceOf(SecretBox.UnreadableSecretException.class);
    }

    @Test
    void truncatedOrForeignValuesAreRefused() {
        assertThatThrownBy(() -> box.open("plain-text", "x"))
                .isInstanceOf(SecretBox.UnreadableSecretException.class)
                .hasMessageContaining("known format");
        assertThatThrownBy(() -> box.open("v1:!!!", "x"))
                .isInstanceOf(SecretBox.UnreadableSecretException.class)
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> box.open("v1:AAAA", "x"))
                .isInstanceOf(SecretBox.UnreadableSecretException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void onlyThirtyTwoByteKeysAreAccepted() {
        assertThatThrownBy(() -> new SecretBox(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThat(box.toString()).doesNotContain("7");
    }
}
