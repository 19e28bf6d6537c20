package io.jetway.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jetway.gateway.core.Json;
import org.junit.jupiter.api.Test;

class SeriesTest {

    @Test
    void eachBucketCountsItsRequestsErrorsTokensAndCostAndLatencyPercentilesByNearestRank() {
        Series s = new Series(1000, 100, 3);
        for (int i = 1; i <= 100; i++) {
            s.add(1000 + 150, "openai", i == 7 ? 502 : 200, i, 10, 2, 1_000_000);
        }
        s.add(1000 + 5, "openai", 200, 42, 0, 0, 0);

        JsonNode g = Json.MAPPER
                .<JsonNode>valueToTree(SeriesJson.groups(s.buckets()))
                .get(0);

        assertThat(g.get("key").asText()).isEqualTo("openai");
        assertThat(g.get("requests").toString()).isEqualTo("[1,100,0]");
        assertThat(g.get("errors").toString()).isEqualTo("[0,1,0]");
        assertThat(g.get("input_tokens").toString()).isEqualTo("[0,1000,0]");
        assertThat(g.get("cost_usd").get(1).decimalValue()).isEqualByComparingTo("0.0001");
        assertThat(g.get("p50_ms").toString()).isEqualTo("[42.0,50.0,null]");
        assertThat(g.get("p99_ms").get(1).asDouble()).isEqualTo(99.0);
    }

    @Test
    void requestsBeforeTheStartAreLeftOutAndThoseAtTheEndFallInTheLastBucket() {
        Series s = new Series(1000, 100, 2);
        s.add(999, "a", 200, 1, 0, 0, 0);
        s.add(1000 + 250, "a", 200, 1, 0, 0, 0);

        assertThat(Json.MAPPER
                        .<JsonNode>valueToTree(SeriesJson.groups(s.buckets()))
                        .get(0)
                        .get("requests")
                        .toString())
                .isEqualTo("[0,1]");
    }

    @Test
    void beyondTheTenBusiestGroupsTheRestAreSummedAsOtherAndAMissingGroupIsNone() {
        Series s = new Series(0, 10, 1);
        for (int g = 0; g < 12; g++) {
            for (int i = 0; i <= 12 - g; i++) {
                s.add(1, "model-" + g, 200, 1, 0, 0, 0);
            }
        }
        s.add(1, null, 200, 1, 0, 0, 0);

        ArrayNode out = Json.MAPPER.valueToTree(SeriesJson.groups(s.buckets()));

        assertThat(out).hasSize(11);
        assertThat(out.get(0).get("key").asText()).isEqualTo("model-0");
        assertThat(out.get(10).get("key").asText()).isEqualTo("other");
        // model-10 (3), model-11 (2) and none (1).
        assertThat(out.get(10).get("requests").get(0).asLong()).isEqualTo(6);
    }

    @Test
    void otherEstimatesItsLatencyFromItsGroupsMedianWeightedByRequestsAndTheirHighestP99() {
        Series.Stats merged = SeriesJson.merged(java.util.List.of(
                new Series.Stats("a", 1, 0, 0, 0, 0, 900.0, 950.0),
                new Series.Stats("b", 5, 1, 10, 2, 7, 100.0, 400.0),
                new Series.Stats("c", 0, 0, 0, 0, 0, null, null)));

        assertThat(merged).isEqualTo(new Series.Stats("other", 6, 1, 10, 2, 7, 100.0, 950.0));
    }

    @Test
    void aFallbackIsATargetPathWithAnIndexOtherThanTheFirst() {
        assertThat(TrafficResource.notFirst("config.targets[1]")).isTrue();
        assertThat(TrafficResource.notFirst("config.targets[0].targets[2]")).isTrue();
        assertThat(TrafficResource.notFirst("config.targets[0]")).isFalse();
        assertThat(TrafficResource.notFirst(null)).isFalse();
    }
}
