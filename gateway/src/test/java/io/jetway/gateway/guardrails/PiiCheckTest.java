package io.jetway.gateway.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiCheckTest {

    static CheckResult before(String prompt, String parameters) {
        HookContext c = new HookContext(Golden.request("m", prompt), Map.of(), "openai", false);
        return Checks.find("jetway.pii").run(c, Event.BEFORE_REQUEST, Golden.params(parameters));
    }

    @Test
    void cardNumbersCountOnlyWhenTheyPassLuhn() {
        assertThat(PiiCheck.luhn("4111111111111111")).isTrue();
        assertThat(PiiCheck.luhn("4111111111111112")).isFalse();
        assertThat(before("card 4111 1111 1111 1111 please", "{}").verdict()).isFalse();
        assertThat(before("order 4111 1111 1111 1112 please", "{\"categories\":[\"card\"]}")
                        .verdict())
                .isTrue();
    }

    @Test
    void ibansCountOnlyWhenTheyPassMod97() {
        assertThat(PiiCheck.iban("GB82WEST12345698765432")).isTrue();
        assertThat(PiiCheck.iban("GB82WEST12345698765433")).isFalse();
        assertThat(PiiCheck.iban("DE89370400440532013000")).isTrue();
        assertThat(before("pay to DE89 3704 0044 0532 0130 00", "{\"categories\":[\"iban\"]}")
                        .verdict())
                .isFalse();
        assertThat(before("pay to DE89 3704 0044 0532 0130 01", "{\"categories\":[\"iban\"]}")
                        .verdict())
                .isTrue();
    }

    @Test
    void emailsAndPhoneNumbersAreFoundButPlainNumbersAreNot() {
        assertThat(before("write to jane.doe@example.co.uk", "{}").verdict()).isFalse();
        assertThat(before("call +1 415 555 0100", "{\"categories\":[\"phone\"]}")
                        .verdict())
                .isFalse();
        assertThat(before("call (020) 7946 0958", "{\"categories\":[\"phone\"]}")
                        .verdict())
                .isFalse();
        assertThat(before("the year 2024 had 366 days and 12345 visitors", "{}").verdict())
                .isTrue();
    }

    @Test
    void redactModeRewritesEveryMessageAndPassesWithoutTheValuesInItsResult() {
        HookContext c = new HookContext((ObjectNode) Golden.json("""
                {"model":"m","messages":[{"role":"system","content":"User mail: a.b@example.com"},
                 {"role":"user","content":[{"type":"text","text":"My card is 4111-1111-1111-1111, phone +44 20 7946 0958"}]}]}"""), Map.of(), "openai", false);

        CheckResult r = Checks.find("jetway.pii").run(c, Event.BEFORE_REQUEST, Golden.params("{\"redact\":true}"));

        assertThat(r.verdict()).isTrue();
        assertThat(r.transformedRequest().at("/messages/0/content").asText()).isEqualTo("User mail: [EMAIL]");
        assertThat(r.transformedRequest().at("/messages/1/content/0/text").asText())
                .isEqualTo("My card is [CARD], phone [PHONE]");
        assertThat(r.data().toString()).doesNotContain("example.com").doesNotContain("4111");
        assertThat(r.data().at("/found/card").asInt()).isEqualTo(1);
        assertThat(c.request().at("/messages/0/content").asText()).contains("a.b@example.com");
    }

    @Test
    void unknownCategoriesAreRefusedWhenTheConfigIsParsed() {
        assertThat(Golden.validate("jetway.pii", "{\"categories\":[\"ssn\"]}"))
                .singleElement()
                .asString()
                .contains("'ssn' is not one of email, phone, card, iban");
    }
}
