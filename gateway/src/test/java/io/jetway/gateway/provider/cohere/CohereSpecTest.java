package io.jetway.gateway.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The derived Cohere schema rejects what Cohere does not define; that it accepts Cohere's own documented
 * payloads is checked on every conformance case ({@code CohereConformanceTest}).
 */
class CohereSpecTest {

    @Test
    void rejectsAnswersCohereDoesNotDefine() {
        assertThat(CohereSpec.validateResponse(
                                ("{\"id\":\"x\",\"finish_reason\":\"DONE\",\"message\":" + "{\"role\":\"assistant\"}}")
                                        .getBytes(StandardCharsets.UTF_8))
                        .getMessages()
                        .toString())
                .contains("finish_reason");
        assertThat(CohereSpec.validateResponse(("{\"id\":\"x\",\"finish_reason\":\"COMPLETE\",\"message\":"
                                        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"image_url\"}]}}")
                                .getBytes(StandardCharsets.UTF_8))
                        .getMessages())
                .isNotEmpty();
    }

    @Test
    void rejectsOpenAiFieldNamesCohereDoesNotDefine() {
        ValidationReport report = CohereSpec.validateRequest(("{\"model\":\"command-r\",\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"hi\"}],\"top_p\":0.5,\"stop\":[\"x\"]}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(report.getMessages()).isNotEmpty();
        assertThat(report.getMessages().toString()).contains("top_p").contains("stop");
    }

    @Test
    void rejectsRolesAndContentTypesCohereDoesNotDefine() {
        assertThat(CohereSpec.validateRequest(("{\"model\":\"command-r\",\"messages\":[{\"role\":\"developer\","
                                        + "\"content\":\"hi\"}]}")
                                .getBytes(StandardCharsets.UTF_8))
                        .getMessages())
                .isNotEmpty();
        assertThat(CohereSpec.validateRequest(("{\"model\":\"command-r\",\"messages\":[{\"role\":\"user\","
                                        + "\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]}]}")
                                .getBytes(StandardCharsets.UTF_8))
                        .getMessages())
                .isNotEmpty();
        assertThat(CohereSpec.validateRequest(
                                ("{\"model\":\"command-r\",\"messages\":[{\"role\":\"tool\"," + "\"content\":\"{}\"}]}")
                                        .getBytes(StandardCharsets.UTF_8))
                        .getMessages())
                .as("tool messages need tool_call_id")
                .isNotEmpty();
    }

    @Test
    void rejectsOutOfRangeValues() {
        assertThat(CohereSpec.validateRequest(("{\"model\":\"command-r\",\"messages\":[{\"role\":\"user\","
                                        + "\"content\":\"hi\"}],\"p\":1.5,\"tool_choice\":\"AUTO\"}")
                                .getBytes(StandardCharsets.UTF_8))
                        .getMessages()
                        .toString())
                .contains("/p")
                .contains("tool_choice");
    }
}
