package io.jetway.api.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartImage;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartText;
import io.jetway.api.model.ChatCompletionRequestUserMessage;
import io.jetway.api.model.CreateChatCompletionRequest;
import org.junit.jupiter.api.Test;

/** The hand-written unions read and write exactly the JSON form the caller used. */
class UnionTypesTest {

    static final ObjectMapper JSON =
            new ObjectMapper().setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    @Test
    void stringContentStaysAStringAndPartsKeepTheirTypes() throws Exception {
        String json = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"look\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}";

        CreateChatCompletionRequest request = JSON.readValue(json, CreateChatCompletionRequest.class);

        MessageContent first =
                ((ChatCompletionRequestUserMessage) request.getMessages().get(0)).getContent();
        MessageContent second =
                ((ChatCompletionRequestUserMessage) request.getMessages().get(1)).getContent();
        assertThat(first.isText()).isTrue();
        assertThat(first.text()).isEqualTo("hi");
        assertThat(second.parts()).hasSize(2);
        assertThat(second.parts().get(0)).isInstanceOf(ChatCompletionRequestMessageContentPartText.class);
        assertThat(second.parts().get(1)).isInstanceOf(ChatCompletionRequestMessageContentPartImage.class);
        assertThat(second.joinedText()).isEqualTo("look");
        assertThat(JSON.readTree(JSON.writeValueAsString(request))).isEqualTo(JSON.readTree(json));
    }

    @Test
    void contentThatIsNeitherStringNorArrayIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> JSON.readValue(
                        "{\"messages\":[{\"role\":\"user\",\"content\":5}]}", CreateChatCompletionRequest.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("content must be a string or an array of content parts");
    }

    @Test
    void stopKeepsItsForm() throws Exception {
        Stop single = JSON.readValue("\"END\"", Stop.class);
        Stop many = JSON.readValue("[\"a\",\"b\"]", Stop.class);

        assertThat(single.sequences()).containsExactly("END");
        assertThat(JSON.writeValueAsString(single)).isEqualTo("\"END\"");
        assertThat(many.sequences()).containsExactly("a", "b");
        assertThat(JSON.writeValueAsString(many)).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void toolChoiceReadsModesAndNamedFunctionsAndRefusesUnknownModes() throws Exception {
        assertThat(JSON.readValue("\"required\"", ToolChoice.class).mode()).isEqualTo(ToolChoice.Mode.REQUIRED);
        ToolChoice named = JSON.readValue("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}", ToolChoice.class);
        assertThat(named.functionName()).isEqualTo("f");
        assertThat(JSON.writeValueAsString(named)).isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}");
        assertThatThrownBy(() -> JSON.readValue("\"always\"", ToolChoice.class))
                .hasMessageContaining("tool_choice must be");
    }

    @Test
    void toolChoiceReadsAndWritesTheCustomAndAllowedToolsForms() throws Exception {
        String custom = "{\"type\":\"custom\",\"custom\":{\"name\":\"run_sql\"}}";
        String allowed = "{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"required\",\"tools\":"
                + "[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}}";

        ToolChoice c = JSON.readValue(custom, ToolChoice.class);
        ToolChoice a = JSON.readValue(allowed, ToolChoice.class);

        assertThat(c.customName()).isEqualTo("run_sql");
        assertThat(c.functionName()).isNull();
        assertThat(JSON.readTree(JSON.writeValueAsString(c))).isEqualTo(JSON.readTree(custom));
        assertThat(a.allowedTools().getTools()).hasSize(1);
        assertThat(JSON.readTree(JSON.writeValueAsString(a))).isEqualTo(JSON.readTree(allowed));
        assertThatThrownBy(() -> JSON.readValue("{\"type\":\"web\"}", ToolChoice.class))
                .hasMessageContaining("web");
    }

    @Test
    void voiceIsANameOrACustomVoiceId() throws Exception {
        Voice named = JSON.readValue("\"alloy\"", Voice.class);
        Voice custom = JSON.readValue("{\"id\":\"voice_1\"}", Voice.class);

        assertThat(named.name()).isEqualTo("alloy");
        assertThat(custom.custom().getId()).isEqualTo("voice_1");
        assertThat(JSON.writeValueAsString(named)).isEqualTo("\"alloy\"");
        assertThat(JSON.writeValueAsString(custom)).isEqualTo("{\"id\":\"voice_1\"}");
    }

    @Test
    void anImageUrlGivenAsAStringIsReadAsItsUrl() throws Exception {
        ObjectMapper withShorthands = new ObjectMapper().registerModule(Shorthands.module());
        CreateChatCompletionRequest request = withShorthands.readValue(
                "{\"messages\":[{\"role\":\"user\",\"content\":"
                        + "[{\"type\":\"image_url\",\"image_url\":\"https://x/y.png\"}]}]}",
                CreateChatCompletionRequest.class);

        ChatCompletionRequestMessageContentPartImage image = (ChatCompletionRequestMessageContentPartImage)
                ((ChatCompletionRequestUserMessage) request.getMessages().get(0))
                        .getContent()
                        .parts()
                        .get(0);
        assertThat(image.getImageUrl().getUrl()).isEqualTo("https://x/y.png");
    }

    @Test
    void functionCallReadsModesAndNames() throws Exception {
        assertThat(JSON.readValue("\"auto\"", FunctionCallChoice.class).modeName())
                .isEqualTo("auto");
        assertThat(JSON.readValue("{\"name\":\"f\"}", FunctionCallChoice.class).functionName())
                .isEqualTo("f");
    }
}
