package io.jetway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.GatewayException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Gateway API keys: environment keys, stored keys, or neither (open). */
class GatewayAuthTest {

    static StoredApiKeys stored(String... keys) {
        return new StoredApiKeys() {
            @Override
            public boolean any() {
                return keys.length > 0;
            }

            @Override
            public boolean accepts(String key) {
                return List.of(keys).contains(key);
            }
        };
    }

    static int call(GatewayAuth auth, String apiKey) {
        try {
            auth.authenticate(apiKey);
            return 200;
        } catch (GatewayException e) {
            return e.status();
        }
    }

    @Test
    void withNoKeyAnywhereTheGatewayIsOpen() {
        assertThat(call(new GatewayAuth(Set.of(), stored()), null)).isEqualTo(200);
    }

    @Test
    void environmentAndStoredKeysAreBothAccepted() {
        GatewayAuth auth = new GatewayAuth(Set.of("env-key"), stored("jw-stored"));

        assertThat(call(auth, "env-key")).isEqualTo(200);
        assertThat(call(auth, "jw-stored")).isEqualTo(200);
        assertThat(call(auth, "jw-other")).isEqualTo(401);
        assertThat(call(auth, null)).isEqualTo(401);
    }

    @Test
    void aStoredKeyAloneClosesTheGateway() {
        GatewayAuth auth = new GatewayAuth(Set.of(), stored("jw-stored"));

        assertThat(call(auth, "jw-stored")).isEqualTo(200);
        assertThat(call(auth, "")).isEqualTo(401);
        assertThatThrownBy(() -> auth.authenticate(null)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo("missing_api_key");
            assertThat(e.param()).isEqualTo("x-portkey-api-key");
        });
    }
}
