package io.jetway.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

    static final URI OPENAI = URI.create("https://api.openai.com/v1/chat/completions");
    static final byte[] BODY = "{\"model\":\"gpt-4o\"}".getBytes(StandardCharsets.UTF_8);

    static final byte[] OWNER = new byte[32];

    static String key(String provider, URI uri, byte[] body, boolean stream, String partition) {
        return CacheKey.of(provider, uri, body, stream, OWNER, partition);
    }

    @Test
    void isAPrefixedSha256InHex() {
        assertThat(key("openai", OPENAI, BODY, false, "p")).matches("jetway:cache:v1:[0-9a-f]{64}");
    }

    @Test
    void isStableForTheSameInputs() {
        assertThat(key("openai", OPENAI, BODY, false, "p")).isEqualTo(key("openai", OPENAI, BODY.clone(), false, "p"));
    }

    @Test
    void changesWithEveryInput() {
        String base = key("openai", OPENAI, BODY, false, "p");

        assertThat(key("groq", OPENAI, BODY, false, "p")).isNotEqualTo(base);
        assertThat(key("openai", URI.create("https://proxy/v1/chat/completions"), BODY, false, "p"))
                .isNotEqualTo(base);
        assertThat(key("openai", OPENAI, "{\"model\":\"gpt-4o-mini\"}".getBytes(StandardCharsets.UTF_8), false, "p"))
                .isNotEqualTo(base);
        assertThat(key("openai", OPENAI, BODY, true, "p")).isNotEqualTo(base);
        assertThat(key("openai", OPENAI, BODY, false, "q")).isNotEqualTo(base);
    }

    @Test
    void theOwnerIsPartOfTheKeySoANamespaceNeverReachesAcrossOwners() {
        byte[] other = OWNER.clone();
        other[31] = 1;
        String partition = CacheKey.partition("shared-namespace", Map.of());

        assertThat(CacheKey.of("openai", OPENAI, BODY, false, other, partition))
                .isNotEqualTo(CacheKey.of("openai", OPENAI, BODY, false, OWNER, partition));
        assertThat(CacheKey.of("openai", OPENAI, BODY, false, other.clone(), partition))
                .isEqualTo(CacheKey.of("openai", OPENAI, BODY, false, other, partition));
    }

    @Test
    void theCallsMadeForOneAnswerAreInTheKeyAndOneCallKeepsTheKeyItHadBefore() {
        String one = CacheKey.of("anthropic", OPENAI, BODY, false, OWNER, "p");

        assertThat(CacheKey.of("anthropic", OPENAI, BODY, false, OWNER, "p", 1)).isEqualTo(one);
        assertThat(CacheKey.of("anthropic", OPENAI, BODY, false, OWNER, "p", 2))
                .isNotEqualTo(one)
                .isNotEqualTo(CacheKey.of("anthropic", OPENAI, BODY, false, OWNER, "p", 3));
    }

    @Test
    void fieldsAreDelimitedSoShiftingBytesBetweenThemChangesTheKey() {
        assertThat(key("open", URI.create("ai/x"), BODY, false, "p"))
                .isNotEqualTo(key("openai", URI.create("/x"), BODY, false, "p"));
    }

    @Test
    void userInfoInTheUrlIsLeftOut() {
        assertThat(key("openai", URI.create("https://user:secret@proxy/v1/chat/completions"), BODY, false, "p"))
                .isEqualTo(key("openai", URI.create("https://proxy/v1/chat/completions"), BODY, false, "p"));
    }

    @Test
    void theNamespaceReplacesTheMetadataInThePartition() {
        assertThat(CacheKey.partition("team", Map.of("user", "a")))
                .isEqualTo(CacheKey.partition("team", Map.of("user", "b")));
        assertThat(CacheKey.partition(null, Map.of("user", "a")))
                .isNotEqualTo(CacheKey.partition(null, Map.of("user", "b")));
        assertThat(CacheKey.partition("  ", Map.of("user", "a")))
                .isEqualTo(CacheKey.partition(null, Map.of("user", "a")));
    }

    @Test
    void metadataKeyOrderDoesNotMatterButItsPairingDoes() {
        assertThat(CacheKey.partition(null, Map.of("a", "1", "b", "2")))
                .isEqualTo(CacheKey.partition(null, Map.of("b", "2", "a", "1")));
        assertThat(CacheKey.partition(null, Map.of("a", "1b", "c", "2")))
                .isNotEqualTo(CacheKey.partition(null, Map.of("a", "1", "bc", "2")));
    }
}
