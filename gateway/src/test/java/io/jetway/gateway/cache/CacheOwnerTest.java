package io.jetway.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheOwnerTest {

    static final byte[] SECRET =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    static final URI OPENAI = URI.create("https://api.openai.com/v1/chat/completions");
    final CacheOwner owners = new CacheOwner(SECRET);

    static Target target(String apiKey, String virtualKey, Map<ProviderOption, String> options) {
        EnumMap<ProviderOption, String> copy = new EnumMap<>(ProviderOption.class);
        copy.putAll(options);
        return new Target("openai", apiKey, null, null, copy, null, Map.of(), true, virtualKey);
    }

    static String hex(byte[] owner) {
        return HexFormat.of().formatHex(owner);
    }

    String owner(String gatewayKey, Target target, URI endpoint) {
        return hex(owners.of(gatewayKey, target, endpoint));
    }

    @Test
    void isTheSameForTheSameCallerOnEveryNodeWithTheSameSecret() {
        String here = owner("gw-a", target("sk-1", "vk-1", Map.of()), OPENAI);
        String elsewhere = hex(new CacheOwner(SECRET.clone()).of("gw-a", target("sk-1", "vk-1", Map.of()), OPENAI));

        assertThat(here).hasSize(64).isEqualTo(elsewhere);
    }

    @Test
    void everyIdentityTheRequestCarriesChangesIt() {
        List<String> owners = new ArrayList<>();
        owners.add(owner("gw-a", target("sk-1", "vk-1", Map.of()), OPENAI));
        owners.add(owner("gw-b", target("sk-1", "vk-1", Map.of()), OPENAI));
        owners.add(owner(null, target("sk-1", "vk-1", Map.of()), OPENAI));
        owners.add(owner("gw-a", target("sk-1", "vk-2", Map.of()), OPENAI));
        owners.add(owner("gw-a", target("sk-1", null, Map.of()), OPENAI));
        owners.add(owner("gw-a", target("sk-2", "vk-1", Map.of()), OPENAI));
        owners.add(owner("gw-a", target(null, "vk-1", Map.of()), OPENAI));
        owners.add(owner("gw-a", target("sk-1", "vk-1", Map.of(ProviderOption.AWS_SECRET_ACCESS_KEY, "s1")), OPENAI));
        owners.add(owner("gw-a", target("sk-1", "vk-1", Map.of(ProviderOption.AWS_SECRET_ACCESS_KEY, "s2")), OPENAI));
        owners.add(owner(
                "gw-a", target("sk-1", "vk-1", Map.of(ProviderOption.VERTEX_SERVICE_ACCOUNT_JSON, "s1")), OPENAI));
        owners.add(owner(
                "gw-a",
                target("sk-1", "vk-1", Map.of()),
                URI.create("https://u:p1@proxy.example/v1/chat/completions")));
        owners.add(owner(
                "gw-a",
                target("sk-1", "vk-1", Map.of()),
                URI.create("https://u:p2@proxy.example/v1/chat/completions")));

        assertThat(owners).doesNotHaveDuplicates();
    }

    @Test
    void aCallerWithoutAnyCredentialOwnsWhatNoCredentialedCallerOwns() {
        String anonymous = owner(null, target(null, null, Map.of()), OPENAI);

        assertThat(owner(null, target(null, null, Map.of()), OPENAI)).isEqualTo(anonymous);
        assertThat(owner("", target(null, null, Map.of()), OPENAI))
                .as("an empty header is no key")
                .isEqualTo(anonymous);
        assertThat(owner(null, target("", null, Map.of()), OPENAI))
                .as("an empty key is not no key")
                .isNotEqualTo(anonymous);
        assertThat(owner(null, target("sk-1", null, Map.of()), OPENAI)).isNotEqualTo(anonymous);
    }

    @Test
    void settingsThatAreNoCredentialDoNotSplitACallersEntries() {
        assertThat(owner("gw-a", target("sk-1", null, Map.of(ProviderOption.OPENAI_PROJECT, "p1")), OPENAI))
                .isEqualTo(owner("gw-a", target("sk-1", null, Map.of(ProviderOption.OPENAI_PROJECT, "p2")), OPENAI));
    }

    @Test
    void fieldsDoNotRunIntoEachOther() {
        assertThat(owner("ab", target("c", null, Map.of()), OPENAI))
                .isNotEqualTo(owner("a", target("bc", null, Map.of()), OPENAI));
    }

    @Test
    void withoutTheSecretTheOwnerOfAKnownCredentialCannotBeComputed() {
        byte[] other = SECRET.clone();
        other[0] ^= 1;

        assertThat(hex(new CacheOwner(other).of(null, target("sk-1", null, Map.of()), OPENAI)))
                .isNotEqualTo(owner(null, target("sk-1", null, Map.of()), OPENAI));
    }

    @Test
    void theSecretDerivedFromTheMasterKeyIsStableAndIsNotTheMasterKey() {
        Target t = target("sk-1", null, Map.of());

        assertThat(hex(CacheOwner.fromMasterKey(SECRET).of(null, t, OPENAI)))
                .isEqualTo(hex(CacheOwner.fromMasterKey(SECRET.clone()).of(null, t, OPENAI)))
                .isNotEqualTo(owner(null, t, OPENAI));
    }
}
