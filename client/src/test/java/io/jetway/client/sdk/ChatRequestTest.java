package io.jetway.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.ChatCompletionRequestUserMessage;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.types.MessageContent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatRequestTest {

    @JsonClassDescription("The weather in a city")
    record Weather(
            @JsonPropertyDescription("The city, e.g. Paris") String city,
            Unit unit,
            int days,
            List<String> details,
            Place near) {}

    enum Unit {
        celsius,
        fahrenheit
    }

    record Place(double lat, double lon) {}

    @Test
    void buildChecksTheRequiredFieldsAndNamesWhatIsMissing() {
        assertThatThrownBy(() -> ChatRequest.builder().addUserMessage("Hi").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model is required");
        assertThatThrownBy(() -> ChatRequest.builder().model("m").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("messages are required");
        assertThatThrownBy(() -> ChatRequest.builder()
                        .model("m")
                        .addMessage(new ObjectNode(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance)
                                .put("content", "x"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("messages[0] has no role");
    }

    @Test
    void aBuiltRequestIsImmutableAndABuilderCanDeriveAnother() {
        ChatRequest.Builder b =
                ChatRequest.builder().model("m").addSystemMessage("Be brief").addUserMessage("Hi");
        ChatRequest first = b.build();
        b.addUserMessage("More");
        first.body().putArray("messages");

        assertThat(first.body().get("messages")).hasSize(2);
        assertThat(first.toBuilder()
                        .temperature(0.2)
                        .build()
                        .body()
                        .get("temperature")
                        .asDouble())
                .isEqualTo(0.2);
        assertThat(first.body().get("messages").get(0).get("role").asText()).isEqualTo("system");
    }

    @Test
    void aGeneratedMessageGetsTheRoleOfItsTypeAndAnotherRoleSetOnItIsRefused() {
        ChatRequest r = ChatRequest.builder()
                .model("m")
                .addMessage(new ChatCompletionRequestUserMessage().content(MessageContent.of("Hi")))
                .build();
        assertThat(r.body().get("messages").get(0).get("role").asText()).isEqualTo("user");

        assertThatThrownBy(() -> ChatRequest.builder()
                        .addMessage(new ChatCompletionRequestUserMessage()
                                .role("assistant")
                                .content(MessageContent.of("Hi"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("role user, not assistant");
    }

    @Test
    void everySpecFieldIsReachableThroughTheGeneratedModel() {
        ChatRequest r = ChatRequest.builder()
                .from(new CreateChatCompletionRequest()
                        .model("m")
                        .presencePenalty(0.5)
                        .logprobs(true))
                .addUserMessage("Hi")
                .build();

        assertThat(r.body().get("presence_penalty").asDouble()).isEqualTo(0.5);
        assertThat(r.body().get("logprobs").asBoolean()).isTrue();
    }

    @Test
    void aToolIsDefinedFromARecordWithItsJsonSchema() {
        ChatRequest r = ChatRequest.builder()
                .model("m")
                .addUserMessage("Weather?")
                .addTool(Weather.class)
                .build();

        ObjectNode function = (ObjectNode) r.body().get("tools").get(0).get("function");
        assertThat(function.get("name").asText()).isEqualTo("Weather");
        assertThat(function.get("description").asText()).isEqualTo("The weather in a city");
        assertThat(function.get("strict").asBoolean()).isTrue();
        ObjectNode schema = (ObjectNode) function.get("parameters");
        assertThat(schema.get("type").asText()).isEqualTo("object");
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
        assertThat(schema.get("required"))
                .extracting(n -> n.asText())
                .containsExactlyInAnyOrder("city", "unit", "days", "details", "near");
        ObjectNode p = (ObjectNode) schema.get("properties");
        assertThat(p.get("city").toString())
                .isEqualTo("{\"type\":\"string\",\"description\":\"The city, e.g. Paris\"}");
        assertThat(p.get("unit").toString()).isEqualTo("{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]}");
        assertThat(p.get("days").get("type").asText()).isEqualTo("integer");
        assertThat(p.get("details").toString()).isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
        assertThat(p.get("near").get("properties").get("lat").get("type").asText())
                .isEqualTo("number");
    }

    record Node(String name, List<Node> children) {}

    @Test
    void aTypeThatContainsItselfIsRefused() {
        assertThatThrownBy(() -> JsonSchemas.of(Node.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contains itself");
    }

    @Test
    void responseFormatOfARecordAsksForItsStrictSchema() {
        StructuredChatRequest<Place> r = ChatRequest.builder()
                .model("m")
                .addUserMessage("Where?")
                .responseFormat(Place.class)
                .build();

        ObjectNode format = (ObjectNode) r.request().body().get("response_format");
        assertThat(format.get("type").asText()).isEqualTo("json_schema");
        assertThat(format.get("json_schema").get("name").asText()).isEqualTo("Place");
        assertThat(format.get("json_schema").get("strict").asBoolean()).isTrue();
        assertThat(format.get("json_schema").get("schema").get("required")).hasSize(2);
        assertThat(r.type()).isEqualTo(Place.class);
    }
}
