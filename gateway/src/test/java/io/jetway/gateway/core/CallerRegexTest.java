package io.jetway.gateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallerRegexTest {

    /**
     * The pattern backtracks exponentially on java.util.regex (8 s for 28 pairs); RE2/J
     * answers at once. The timeout only turns a regression into a failure instead of a hang.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCatastrophicPatternMatchesCorrectlyInLinearTime() {
        CallerRegex regex = CallerRegex.compile("(.*?,){11}P");

        assertThat(regex.find("x,".repeat(28))).isFalse();
        assertThat(regex.find("x,".repeat(512))).isFalse();
        assertThat(regex.find("x,".repeat(11) + "P")).isTrue();
        assertThat(regex.find("x,".repeat(500) + "P")).isTrue();
    }

    @Test
    void aValueOverTheInputLimitNeverMatches() {
        CallerRegex regex = CallerRegex.compile("P");

        assertThat(regex.find("x".repeat(CallerRegex.MAX_INPUT_LENGTH - 1) + "P"))
                .isTrue();
        assertThat(regex.find("x".repeat(CallerRegex.MAX_INPUT_LENGTH) + "P")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a)\\1", "foo(?=bar)", "foo(?!bar)", "(?<=a)b", "(?<!a)b", "a++", "(?>a)", "("})
    void aPatternRe2CannotRunIsRefusedSayingWhy(String pattern) {
        assertThatThrownBy(() -> CallerRegex.compile(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a valid RE2 regular expression")
                .hasMessageContaining("backreferences");
    }

    @Test
    void anOverlongPatternIsRefused() {
        assertThat(CallerRegex.compile("a".repeat(CallerRegex.MAX_PATTERN_LENGTH))
                        .find("a".repeat(1_000)))
                .isTrue();
        assertThatThrownBy(() -> CallerRegex.compile("a".repeat(CallerRegex.MAX_PATTERN_LENGTH + 1)))
                .hasMessageContaining("longer than 1000 characters");
    }

    /** RE2/J itself would build a program of 10⁹ instructions for the first (and run out of memory). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "(((.{1000}){1000}){1000})",
                "((a{100}){100}){100}",
                "(.{100}){100}",
                "[a-z]{1000}{1000}",
                "(?:x{30}|y){70}",
                "\\pL{999}(\\x{41}{999})x{500}"
            })
    void aPatternThatExpandsTooFarIsRefusedBeforeItIsBuilt(String pattern) {
        assertThatThrownBy(() -> CallerRegex.compile(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expands to more than 2000 instructions");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "^gpt-4",
                "(?i)^(foo|bar)[0-9]{1,3}$",
                "[{}]{2}x{,",
                "\\Q(((\\E{3}",
                "[[:alpha:]]{100}",
                "(.{30}){30}x",
                "a{2,}b",
                "\\p{Greek}+"
            })
    void ordinaryPatternsCompileAndTheEstimateIsAnUpperBound(String pattern) {
        CallerRegex regex = CallerRegex.compile(pattern);

        assertThat(regex.pattern()).isEqualTo(pattern);
        assertThat(CallerRegex.estimatedSize(pattern))
                .isGreaterThanOrEqualTo(com.google.re2j.Pattern.compile(pattern).programSize() - 2L);
    }

    @Test
    void aPatternIsCompiledOnceAndRemembered() {
        assertThat(CallerRegex.compile("^remember-me$")).isSameAs(CallerRegex.compile("^remember-me$"));
    }
}
