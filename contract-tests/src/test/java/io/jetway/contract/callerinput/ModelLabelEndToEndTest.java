package io.jetway.contract.callerinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code model} label of {@code /metrics} comes from callers: bounded in how many values and
 * in how long each is, so that long model names cannot blow up the scrape.
 */
class ModelLabelEndToEndTest {

    static final Pattern MODEL = Pattern.compile("model=\"([^\"]*)\"");
    static final int MAX_LABEL = 64;

    GatewayHarness gw;

    @BeforeEach
    void start() {
        gw = GatewayHarness.start();
        gw.upstream().setDefaultResponse(FakeResponse.chatCompletion("ok"));
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    void chat(String model) {
        HttpResponse<String> res = gw.chat(
                        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\"," + "\"content\":\"Hi\"}]}")
                .send();
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    }

    Set<String> modelLabels() {
        HttpResponse<String> res = gw.raw("GET", "/metrics", null).send();
        assertThat(res.statusCode()).isEqualTo(200);
        Set<String> labels = new TreeSet<>();
        Matcher m = MODEL.matcher(res.body());
        while (m.find()) {
            labels.add(m.group(1));
        }
        return labels;
    }

    @Test
    void aLongModelNameBecomesABoundedLabelThatStillTellsNamesApart() {
        String prefix = "ft:gpt-4o-mini:acme-corporation-research-division:".repeat(4);
        String a = prefix + "a".repeat(40);
        String b = prefix + "b".repeat(40);
        chat(a);
        chat(b);
        chat(a);

        Set<String> labels = modelLabels();
        assertThat(labels)
                .hasSize(2)
                .allSatisfy(
                        l -> assertThat(l).hasSizeLessThanOrEqualTo(MAX_LABEL).startsWith(prefix.substring(0, 32)));
    }

    @Test
    void aModelNameUpToTheLimitIsTheLabelUnchanged() {
        String exact = "m".repeat(MAX_LABEL);
        chat("gpt-4o-mini");
        chat(exact);

        assertThat(modelLabels()).containsExactlyInAnyOrder("gpt-4o-mini", exact);
    }

    /**
     * The case: 200-character names made {@code /metrics} 2.3 MB with 100-character labels
     * (1.9 MB with these). Every label is within the limit, and long names still count against the
     * cap of 200 values.
     */
    @Test
    void manyLongModelNamesAreCutAndStillCappedInNumber() {
        for (int i = 0; i < 210; i++) {
            chat(i + "-" + "x".repeat(200));
        }

        Set<String> labels = modelLabels();
        assertThat(labels)
                .hasSize(201)
                .contains("other")
                .allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(MAX_LABEL));
    }
}
