package io.jetway.gateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.azure.AzureOpenAiProvider;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The well-formedness check of answers that OpenAI-format providers pass through. */
class OpenAiAnswersTest {

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                " {\"id\":\"x\",\"choices\":[{\"a\":[1,2.5e3,true,null,\"\\u00e9\"]}]}\r\n",
                "{\"nested\":{\"deep\":{\"er\":[[[]]]}}}"
            })
    void oneJsonObjectPasses(String body) {
        assertThat(OpenAiAnswers.checked("openai", bytes(body))).isEqualTo(bytes(body));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "<html><body>502 Bad Gateway</body></html>",
                "{\"id\":\"chatcmpl-1\",\"choices\":[",
                "{\"id\":\"x\"}{\"id\":\"y\"}",
                "{\"id\":\"x\"} trailing",
                "[{\"id\":\"x\"}]",
                "\"a string\"",
                "null",
                "{\"id\":\"unterminated}",
                "{\"bad\":\"\\q\"}",
                "{'single':'quotes'}",
                "{\"a\":1,}"
            })
    void anythingElseIsABadGatewaySayingTheAnswerIsNotJson(String body) {
        assertThatThrownBy(() -> OpenAiAnswers.checked("groq", bytes(body)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.type()).isEqualTo(GatewayException.UPSTREAM);
                    assertThat(e.getMessage()).contains("groq").contains("not valid JSON");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html></html>", ""})
    void everyOpenAiFormatProviderChecksItsAnswers(String body) {
        assertThatThrownBy(() -> new AzureOpenAiProvider().translate(call()).answer(bytes(body)))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("azure-openai");
        assertThatThrownBy(() -> new OpenAiFormatProvider(CompatibleProviders.get("openai"))
                        .translate(call())
                        .answer(bytes(body)))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("not valid JSON");
    }

    private static ProviderCall call() {
        return new ProviderCall(
                OpenAiMappersTest.request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                new Target(
                        "openai",
                        "k",
                        null,
                        null,
                        new java.util.EnumMap<>(io.jetway.gateway.core.ProviderOption.class),
                        null,
                        java.util.Map.of(),
                        true),
                "t",
                java.time.Instant.EPOCH);
    }
}
