package io.jetway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnvApiKeysTest {

    @Test
    void anEntryWithAnIdKeepsItsIdAndItsKeyIsTheRest() {
        EnvApiKeys keys = EnvApiKeys.parse("team-a:sk-aaa, team.b:sk-bbb");

        assertThat(keys.keys()).containsExactly("sk-aaa", "sk-bbb");
        assertThat(keys.idOf("sk-aaa")).isEqualTo("team-a");
        assertThat(keys.idOf("sk-bbb")).isEqualTo("team.b");
        assertThat(keys.idOf("team-a:sk-aaa")).isNull();
        assertThat(keys.hasId("team-a")).isTrue();
    }

    @Test
    void theOldFormatStillWorksWithAnIdDerivedFromTheKeysHashNeverTheKey() {
        EnvApiKeys keys = EnvApiKeys.parse("gw-secret-1,gw-secret-2");

        String id = keys.idOf("gw-secret-1");
        // SHA-256("gw-secret-1") starts with these 16 hex digits: stable across restarts and nodes.
        assertThat(id)
                .isEqualTo(EnvApiKeys.derivedId("gw-secret-1"))
                .matches("env-[0-9a-f]{16}")
                .doesNotContain("gw-secret");
        assertThat(EnvApiKeys.parse("gw-secret-1").idOf("gw-secret-1")).isEqualTo(id);
        assertThat(keys.idOf("gw-secret-2")).isNotEqualTo(id);
        assertThat(keys.keys()).containsExactly("gw-secret-1", "gw-secret-2");
    }

    @Test
    void aKeyWhosePrefixIsNoIdIsWhollyTheKey() {
        EnvApiKeys keys = EnvApiKeys.parse("a b:c,:lead,trail:");

        assertThat(keys.keys()).containsExactly("a b:c", ":lead", "trail:");
    }

    @Test
    void twoKeysUnderOneIdAreRefusedNamingTheIdButNoKey() {
        assertThatThrownBy(() -> EnvApiKeys.parse("team:sk-one,team:sk-two"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'team' twice")
                .hasMessageNotContaining("sk-one")
                .hasMessageNotContaining("sk-two");
    }

    @Test
    void printingShowsIdsNotKeys() {
        assertThat(EnvApiKeys.parse("team:sk-one,sk-two").toString())
                .contains("team")
                .doesNotContain("sk-one")
                .doesNotContain("sk-two");
    }
}
