package io.jetway.gateway.guardrails;

import static io.jetway.gateway.guardrails.Golden.afterCheck;
import static io.jetway.gateway.guardrails.Golden.assertData;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Golden tests of the text checks, from Portkey's own examples (plugins/default/default.test.ts). */
class TextChecksTest {

    static final String FOX = "The quick brown fox jumps over the lazy dog.";

    @Test
    void regexMatchMatchesASimplePatternAndReportsTheMatch() {
        CheckResult r = afterCheck("default.regexMatch", FOX, "{\"rule\":\"quick.*fox\",\"not\":false}");
        assertThat(r.verdict()).isTrue();
        assertThat(r.error()).isNull();
        assertThat(r.data().path("explanation").asText()).contains("successfully matched");
        assertThat(r.data().at("/matchDetails/matchedText").asText()).isEqualTo("quick brown fox");
    }

    @Test
    void regexMatchFailsWhenThePatternIsNotFound() {
        CheckResult r = afterCheck("default.regexMatch", FOX, "{\"rule\":\"zebra\",\"not\":false}");
        assertThat(r.verdict()).isFalse();
        assertThat(r.data().path("explanation").asText()).contains("did not match");
        assertThat(r.data().get("matchDetails").isNull()).isTrue();
    }

    @Test
    void regexMatchReportsCapturesAndNamedGroups() {
        CheckResult r = afterCheck("default.regexMatch", FOX, "{\"rule\":\"(quick) (brown) (fox)\"}");
        assertThat(r.data().at("/matchDetails/captures")).isEqualTo(Golden.json("[\"quick\",\"brown\",\"fox\"]"));
        assertThat(r.data().at("/matchDetails/groups")).isEqualTo(Golden.json("{}"));

        CheckResult named = afterCheck(
                "default.regexMatch", FOX, "{\"rule\":\"(?<adjective1>quick) (?<adjective2>brown) (?<animal>fox)\"}");
        assertThat(named.data().at("/matchDetails/groups"))
                .isEqualTo(Golden.json("{\"adjective1\":\"quick\",\"adjective2\":\"brown\",\"animal\":\"fox\"}"));
    }

    @Test
    void regexMatchCutsTheExcerptAtAHundredCharacters() {
        assertThat(afterCheck("default.regexMatch", FOX, "{\"rule\":\"dog\"}")
                        .data()
                        .get("textExcerpt")
                        .asText())
                .isEqualTo(FOX);
        assertThat(afterCheck("default.regexMatch", "a".repeat(200), "{\"rule\":\"a\"}")
                        .data()
                        .get("textExcerpt")
                        .asText())
                .isEqualTo("a".repeat(100) + "...");
    }

    @Test
    void regexMatchWithoutTextIsAnError() {
        CheckResult r = afterCheck("default.regexMatch", "", "{\"rule\":\"test\",\"not\":false}");
        assertThat(r.error()).isNotNull();
        assertThat(r.data().get("explanation").asText()).contains("Missing text to match");
    }

    @Test
    void anInvalidOrBacktrackingRegexIsRefusedWhenTheConfigIsParsed() {
        assertThat(Golden.validate("default.regexMatch", "{\"rule\":\"(\"}"))
                .singleElement()
                .asString()
                .startsWith("config.before_request_hooks[0].checks[0].parameters.rule");
        assertThat(Golden.validate("default.regexMatch", "{\"rule\":\"(a)\\\\1\"}"))
                .hasSize(1);
        assertThat(Golden.validate("default.regexMatch", "{\"rule\":\"\"}"))
                .singleElement()
                .asString()
                .contains("must be a non-empty regex");
    }

    @Test
    void sentenceCountWithinAndOutsideTheRange() {
        String text = "This is a sentence. This is another sentence.";
        CheckResult in =
                afterCheck("default.sentenceCount", text, "{\"minSentences\":1,\"maxSentences\":3,\"not\":false}");
        assertThat(in.verdict()).isTrue();
        assertData(in, """
                {"sentenceCount":2,"minCount":1,"maxCount":3,"not":false,"verdict":true,
                 "explanation":"The sentence count (2) is within the specified range of 1 to 3.",
                 "textExcerpt":"This is a sentence. This is another sentence."}""");
        CheckResult out =
                afterCheck("default.sentenceCount", text, "{\"minSentences\":3,\"maxSentences\":4,\"not\":false}");
        assertThat(out.verdict()).isFalse();
        assertThat(out.data().get("explanation").asText())
                .isEqualTo("The sentence count (2) is outside the specified range of 3 to 4.");
    }

    @Test
    void wordCountWithinAndOutsideTheRange() {
        String text = "This is a sentence with 7 words.";
        CheckResult in = afterCheck("default.wordCount", text, "{\"minWords\":5,\"maxWords\":8,\"not\":false}");
        assertThat(in.verdict()).isTrue();
        assertData(in, """
                {"wordCount":7,"minWords":5,"maxWords":8,"not":false,"verdict":true,
                 "explanation":"The text contains 7 words, which is within the specified range of 5-8 words.",
                 "textExcerpt":"This is a sentence with 7 words."}""");
        CheckResult out = afterCheck("default.wordCount", text, "{\"minWords\":10,\"maxWords\":15,\"not\":false}");
        assertThat(out.verdict()).isFalse();
        assertThat(out.data().get("explanation").asText())
                .isEqualTo("The text contains 7 words, which is outside the specified range of 10-15 words.");
    }

    @Test
    void wordCountOfWhitespaceOnlyIsAnError() {
        CheckResult r = afterCheck("default.wordCount", "   \n\t ", "{\"minWords\":1,\"maxWords\":8}");
        assertThat(r.verdict()).isFalse();
        assertThat(r.error().get("message").asText()).isEqualTo("Missing text to analyze");
    }

    @Test
    void characterCountWithinTheRange() {
        CheckResult r = afterCheck(
                "default.characterCount",
                "This is a test.",
                "{\"minCharacters\":10,\"maxCharacters\":20,\"not\":false}");
        assertThat(r.verdict()).isTrue();
        assertData(r, """
                {"characterCount":15,"minCharacters":10,"maxCharacters":20,"not":false,"verdict":true,
                 "explanation":"The text contains 15 characters, which is within the specified range of 10-20 characters.",
                 "textExcerpt":"This is a test."}""");
    }

    @Test
    void countsTakeTheManifestsDefaultsWhenBoundsAreLeftOut() {
        CheckResult r = afterCheck("default.wordCount", "two words", "{}");
        assertThat(r.verdict()).isTrue();
        assertThat(r.data().get("minWords").asLong()).isZero();
        assertThat(r.data().get("maxWords").asLong()).isEqualTo(99999);
    }

    @Test
    void endsWithAcceptsTheSuffixAloneOrBeforeAFinalPeriod() {
        CheckResult plain = afterCheck(
                "default.endsWith",
                "This is a test ending with HarryPortkey",
                "{\"suffix\":\"HarryPortkey\",\"not\":false}");
        assertData(plain, """
                {"suffix":"HarryPortkey","not":false,"verdict":true,
                 "explanation":"The text ends with \\"HarryPortkey\\".",
                 "textExcerpt":"This is a test ending with HarryPortkey"}""");
        CheckResult period = afterCheck(
                "default.endsWith",
                "This is a test ending with HarryPortkey.",
                "{\"suffix\":\"HarryPortkey\",\"not\":false}");
        assertThat(period.verdict()).isTrue();
        assertThat(period.data().get("explanation").asText())
                .isEqualTo("The text ends with \"HarryPortkey\" (including trailing period).");
        assertThat(afterCheck("default.endsWith", "ends elsewhere", "{\"suffix\":\"HarryPortkey\"}")
                        .verdict())
                .isFalse();
    }

    @Test
    void upperAndLowerCaseLookAtLettersOnly() {
        CheckResult upper = afterCheck("default.alluppercase", "THIS IS ALL UPPERCASE TEXT!", "{\"not\":false}");
        assertData(upper, """
                {"verdict":true,"not":false,"explanation":"All alphabetic characters in the text are uppercase.",
                 "textExcerpt":"THIS IS ALL UPPERCASE TEXT!"}""");
        CheckResult mixed = afterCheck("default.alluppercase", "This Has Mixed Case.", "{\"not\":false}");
        assertData(mixed, """
                {"verdict":false,"not":false,"explanation":"The text contains lowercase characters.",
                 "textExcerpt":"This Has Mixed Case."}""");
        assertThat(afterCheck("default.alllowercase", "all lower 123!", "{}").verdict())
                .isTrue();
        assertThat(afterCheck("default.alllowercase", "Not all lower", "{}").verdict())
                .isFalse();
        assertThat(afterCheck("default.alllowercase", "12345 !!", "{}").verdict())
                .isTrue();
    }

    @Test
    void containsWithEachOperator() {
        String text = "adding some text before this word1 and adding some text after";
        CheckResult any =
                afterCheck("default.contains", text, "{\"words\":[\"word1\",\"word2\"],\"operator\":\"any\"}");
        assertThat(any.verdict()).isTrue();
        assertData(any, """
                {"explanation":"Check passed for 'any' words. At least one word was found.",
                 "foundWords":["word1"],"missingWords":["word2"],"operator":"any"}""");
        CheckResult all =
                afterCheck("default.contains", text, "{\"words\":[\"word1\",\"word2\"],\"operator\":\"all\"}");
        assertThat(all.verdict()).isFalse();
        assertData(all, """
                {"explanation":"Check failed for 'all' words. Some words were missing.",
                 "foundWords":["word1"],"missingWords":["word2"],"operator":"all"}""");
        CheckResult none =
                afterCheck("default.contains", text, "{\"words\":[\"word2\",\"word3\"],\"operator\":\"none\"}");
        assertThat(none.verdict()).isTrue();
        assertData(none, """
                {"explanation":"Check passed for 'none' words. No words were found.",
                 "foundWords":[],"missingWords":["word2","word3"],"operator":"none"}""");
    }

    @Test
    void containsIsCaseSensitiveAndAnEmptyListFindsNothing() {
        CheckResult r = afterCheck(
                "default.contains",
                "Adding some TEXT before this Word1 and adding some text after",
                "{\"words\":[\"text\",\"word1\"],\"operator\":\"all\"}");
        assertThat(r.data().get("foundWords")).isEqualTo(Golden.json("[\"text\"]"));
        assertThat(afterCheck("default.contains", "some text", "{\"words\":[],\"operator\":\"any\"}")
                        .verdict())
                .isFalse();
    }

    @Test
    void notNullFailsOnABlankAnswer() {
        assertThat(afterCheck("default.notNull", "content", "{}").verdict()).isTrue();
        assertThat(afterCheck("default.notNull", "   ", "{}").verdict()).isFalse();
        assertThat(afterCheck("default.notNull", "", "{\"not\":true}").verdict())
                .isTrue();
    }

    @Test
    void beforeRequestChecksReadTheLastMessagesTextParts() {
        var request = Golden.json("""
                {"model":"m","messages":[{"role":"user","content":"first"},
                  {"role":"user","content":[{"type":"text","text":"part one"},{"type":"image_url","image_url":{"url":"x"}},
                  {"type":"text","text":"part two"}]}]}""");
        HookContext c = new HookContext(
                (com.fasterxml.jackson.databind.node.ObjectNode) request, java.util.Map.of(), "openai", false);
        assertThat(c.text(Event.BEFORE_REQUEST)).isEqualTo("part one\npart two");
    }
}
