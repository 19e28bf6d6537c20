package io.jetway.gateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://user:pw@host/v1|http://***@host/v1",
                "http://pw@host:8080/v1|http://***@host:8080/v1",
                "http://user:p/w@host/v1|http://***@host/v1",
                "http://user:p@w@host/v1|http://***@host/v1",
                "http://user:p w@host|http://***@host",
                "user:pw@host/v1|***@host/v1",
                "ftp://u:pw@h|ftp://***@h",
                "https://example.com/v1|https://example.com/v1",
                "not a url|not a url"
            })
    void aUrlLosesItsUserInfoHoweverMalformed(String url, String redacted) {
        assertThat(Redaction.url(url)).isEqualTo(redacted);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "The host 'http://u:pw@h/v1' failed|The host 'http://***@h/v1' failed",
                "a http://u:pw@h/x and https://k@g b|a http://***@h/x and https://***@g b",
                "mail me at a@b.c, see https://h/v1|mail me at a@b.c, see https://h/v1",
                "no urls here|no urls here"
            })
    void urlsInTextLoseTheirUserInfoAndTheRestIsKept(String text, String redacted) {
        assertThat(Redaction.urlsIn(text)).isEqualTo(redacted);
    }
}
