package io.jetway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.GatewayResponse;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.PortkeyHeaders;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.server.RequestParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Gateway API keys: environment keys, stored keys, or neither (open). */
class GatewayAuthInterceptorTest {

    static final ChatRequest REQUEST = new RequestParser(Json.MAPPER).parse("application/json",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8));

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

    static int call(GatewayAuthInterceptor auth, String apiKey) {
        PortkeyHeaders headers = new PortkeyHeaders("openai", null, null, apiKey, "sk", null, null, null, null, null,
                null, null, null, null, null, null, new EnumMap<>(ProviderOption.class), n -> null);
        Pipeline p = new Pipeline(List.of(auth,
                chain -> new GatewayResponse.Complete(200, new LinkedHashMap<>(), new byte[0])));
        try {
            return ((GatewayResponse.Complete) p.execute(new Exchange(REQUEST, headers, "t", Instant.EPOCH))).status();
        } catch (GatewayException e) {
            return e.status();
        }
    }

    @Test
    void withNoKeyAnywhereTheGatewayIsOpen() {
        assertThat(call(new GatewayAuthInterceptor(Set.of(), stored()), null)).isEqualTo(200);
    }

    @Test
    void environmentAndStoredKeysAreBothAccepted() {
        GatewayAuthInterceptor auth = new GatewayAuthInterceptor(Set.of("env-key"), stored("jw-stored"));

        assertThat(call(auth, "env-key")).isEqualTo(200);
        assertThat(call(auth, "jw-stored")).isEqualTo(200);
        assertThat(call(auth, "jw-other")).isEqualTo(401);
        assertThat(call(auth, null)).isEqualTo(401);
    }

    @Test
    void aStoredKeyAloneClosesTheGateway() {
        GatewayAuthInterceptor auth = new GatewayAuthInterceptor(Set.of(), stored("jw-stored"));

        assertThat(call(auth, "jw-stored")).isEqualTo(200);
        assertThat(call(auth, "")).isEqualTo(401);
        PortkeyHeaders none = new PortkeyHeaders("openai", null, null, null, "sk", null, null, null, null, null, null,
                null, null, null, null, null, new EnumMap<>(ProviderOption.class), n -> null);
        assertThatThrownBy(() -> new Pipeline(List.of(auth)).execute(new Exchange(REQUEST, none, "t", Instant.EPOCH)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo("missing_api_key");
                    assertThat(e.param()).isEqualTo("x-portkey-api-key");
                });
    }
}
