package io.jetway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.Json;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTest {

    static final String FIELDS = "{\"metadata.plan\":\"paid\",\"metadata.tier\":\"3\",\"params.model\":\"gpt-4o\","
            + "\"params.temperature\":0.7}";

    static boolean matches(String query) throws Exception {
        String config = "{\"strategy\":{\"mode\":\"conditional\",\"conditions\":[{\"query\":" + query
                + ",\"then\":\"t\"}]},\"targets\":[{\"provider\":\"openai\",\"name\":\"t\"}]}";
        Query q = ConfigParser.parse(config).strategy().conditions().getFirst().query();
        JsonNode fields = Json.MAPPER.readTree(FIELDS);
        Function<String, JsonNode> lookup = fields::get;
        return q.matches(lookup);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"metadata.plan\":\"paid\"}|true",
                "{\"metadata.plan\":{\"$eq\":\"free\"}}|false",
                "{\"metadata.plan\":{\"$ne\":\"free\"}}|true",
                "{\"metadata.missing\":{\"$ne\":\"x\"}}|true",
                "{\"metadata.missing\":{\"$eq\":\"x\"}}|false",
                "{\"metadata.tier\":{\"$gt\":2}}|true",
                "{\"metadata.tier\":{\"$gte\":3,\"$lt\":4}}|true",
                "{\"metadata.tier\":{\"$lte\":2}}|false",
                "{\"metadata.tier\":{\"$eq\":3}}|true",
                "{\"params.temperature\":{\"$lt\":1}}|true",
                "{\"params.model\":{\"$in\":[\"gpt-4o\",\"gpt-4.1\"]}}|true",
                "{\"params.model\":{\"$nin\":[\"gpt-4o\"]}}|false",
                "{\"params.model\":{\"$regex\":\"^gpt-4\"}}|true",
                "{\"params.model\":{\"$gt\":1}}|false",
                "{\"$or\":[{\"metadata.plan\":\"free\"},{\"params.model\":\"gpt-4o\"}]}|true",
                "{\"$and\":[{\"metadata.plan\":\"paid\"},{\"params.model\":\"claude\"}]}|false",
                "{\"metadata.plan\":\"paid\",\"params.model\":\"gpt-4o\"}|true"
            })
    void evaluatesPortkeysOperators(String query, boolean expected) throws Exception {
        assertThat(matches(query)).isEqualTo(expected);
    }
}
