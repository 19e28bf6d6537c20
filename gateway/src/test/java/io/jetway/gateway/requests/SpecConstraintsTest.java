package io.jetway.gateway.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.api.model.ApiKeyCreateRequest;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.model.CreateEmbeddingRequest;
import io.jetway.api.model.LimitsSetRequest;
import io.jetway.gateway.core.Json;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SpecConstraints} must never call a body valid that Hibernate Validator faults (the parser
 * would then let a violation through), and should decide every well-formed chat request itself
 * (otherwise the fast path is never taken).
 */
class SpecConstraintsTest {

    private static final SpecConstraints FAST = new SpecConstraints();
    private static final Validator HIBERNATE = Validation.byProvider(HibernateValidator.class)
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();

    private static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\"},\"strict\":true}}";

    /** One request asking for nearly everything the spec has, every value within its bounds. */
    static final String EVERYTHING = "{\"model\":\"gpt-4o\",\"messages\":["
            + "{\"role\":\"developer\",\"content\":\"be brief\"},"
            + "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"sys\"}]},"
            + "{\"role\":\"user\",\"name\":\"ann\",\"content\":[{\"type\":\"text\",\"text\":\"look\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\",\"detail\":\"low\"}},"
            + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}},"
            + "{\"type\":\"file\",\"file\":{\"file_id\":\"file-1\"}}]},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"}],"
            + "\"frequency_penalty\":-2,\"presence_penalty\":2,\"logit_bias\":{\"50256\":-100},\"logprobs\":true,"
            + "\"top_logprobs\":20,\"max_tokens\":1,\"max_completion_tokens\":78,\"n\":128,\"seed\":5,"
            + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"out\",\"schema\":{\"type\":\"object\"}}},"
            + "\"stop\":[\"a\",\"b\"],\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},\"reasoning_effort\":\"low\","
            + "\"temperature\":0,\"top_p\":1,\"top_k\":5,\"tools\":[" + TOOL + "],\"tool_choice\":"
            + "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}},\"parallel_tool_calls\":false,"
            + "\"user\":\"u\",\"store\":true,\"metadata\":{\"team\":\"a\"},\"service_tier\":\"scale\","
            + "\"modalities\":[\"text\",\"audio\"],\"audio\":{\"voice\":{\"id\":\"v1\"},\"format\":\"wav\"},"
            + "\"prediction\":{\"type\":\"content\",\"content\":\"x\"},\"verbosity\":\"low\","
            + "\"web_search_options\":{\"search_context_size\":\"low\"},\"prompt_cache_key\":\"t\","
            + "\"safety_identifier\":\"h\",\"a_field_added_tomorrow\":{\"x\":1}}";

    @Test
    void aRequestUsingNearlyEveryFieldIsDecidedWithoutHibernateValidator() throws IOException {
        CreateChatCompletionRequest body = chat(EVERYTHING);

        assertThat(HIBERNATE.validate(body)).isEmpty();
        assertThat(FAST.surelySatisfied(body)).isTrue();
    }

    /**
     * The callers' chat requests of the providers' conformance cases ({@code conformance/<provider>/<case>/request.json}),
     * each a real request shape.
     */
    static Stream<Path> goldenRequests() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/conformance"))) {
            List<Path> requests = files.filter(p -> p.getFileName().toString().equals("request.json"))
                    .sorted()
                    .toList();
            assertThat(requests).isNotEmpty();
            return requests.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("goldenRequests")
    void everyGoldenChatRequestIsDecidedTheWayHibernateValidatorDecidesIt(Path file) throws IOException {
        CreateChatCompletionRequest body = Json.MAPPER.readValue(file.toFile(), CreateChatCompletionRequest.class);
        boolean valid = HIBERNATE.validate(body).isEmpty();

        assertThat(FAST.surelySatisfied(body)).as(file.toString()).isEqualTo(valid);
    }

    /** Each breaks exactly one constraint of {@link #EVERYTHING}, at a bound or just past it. */
    static Stream<String> breaks() {
        return Stream.of(
                "\"temperature\":0,|\"temperature\":-0.0000001,",
                "\"temperature\":0,|\"temperature\":2.0000000000000004,",
                "\"top_p\":1,|\"top_p\":1.0000001,",
                "\"frequency_penalty\":-2,|\"frequency_penalty\":-2.5,",
                "\"presence_penalty\":2,|\"presence_penalty\":3,",
                "\"top_logprobs\":20,|\"top_logprobs\":21,",
                "\"n\":128,|\"n\":129,",
                "\"n\":128,|\"n\":0,",
                "\"max_tokens\":1,|\"max_tokens\":0,",
                "\"top_k\":5,|\"top_k\":-1,",
                "\"budget_tokens\":1024|\"budget_tokens\":0",
                "\"name\":\"get_weather\",\"parameters\"|\"name\":\"get weather\",\"parameters\"",
                "\"name\":\"get_weather\",\"parameters\"|\"name\":\"" + "x".repeat(129) + "\",\"parameters\"");
    }

    @ParameterizedTest
    @MethodSource("breaks")
    void aBrokenConstraintIsNeverCalledSatisfied(String replacement) throws IOException {
        String[] parts = replacement.split("\\|", -1);
        assertThat(EVERYTHING).contains(parts[0]);
        CreateChatCompletionRequest body = chat(EVERYTHING.replace(parts[0], parts[1]));

        assertThat(HIBERNATE.validate(body)).as("Hibernate Validator faults it").isNotEmpty();
        assertThat(FAST.surelySatisfied(body)).isFalse();
    }

    /** Past what the parser lets through (its limits stop these first), set directly on the model. */
    @Test
    void tooManyMessagesOrToolsAndMissingRequiredValuesAreNeverCalledSatisfied() throws IOException {
        CreateChatCompletionRequest manyMessages = chat(EVERYTHING);
        manyMessages.setMessages(
                java.util.Collections.nCopies(10_001, manyMessages.getMessages().get(0)));
        CreateChatCompletionRequest manyTools = chat(EVERYTHING);
        manyTools.setTools(
                java.util.Collections.nCopies(1_001, manyTools.getTools().get(0)));
        CreateChatCompletionRequest none = chat(EVERYTHING);
        none.setMessages(List.of());
        CreateChatCompletionRequest nullMessages = chat(EVERYTHING);
        nullMessages.setMessages(null);
        ApiKeyCreateRequest unnamed = Json.MAPPER.readValue("{\"name\":\"ci\"}", ApiKeyCreateRequest.class);
        unnamed.setName(null);

        for (Object body : List.of(manyMessages, manyTools, none, nullMessages, unnamed)) {
            assertThat(HIBERNATE.validate(body)).isNotEmpty();
            assertThat(FAST.surelySatisfied(body)).isFalse();
        }
    }

    @Test
    void theAdminAndEmbeddingsBodiesAreDecidedTheSameWayToo() throws IOException {
        record Case(Object body, boolean valid) {}
        List<Case> cases = List.of(
                new Case(Json.MAPPER.readValue("{\"name\":\"ci\"}", ApiKeyCreateRequest.class), true),
                new Case(Json.MAPPER.readValue("{\"name\":\"\"}", ApiKeyCreateRequest.class), false),
                new Case(
                        Json.MAPPER.readValue(
                                "{\"requests_per_minute\":0,\"daily_budget_usd\":0.5}", LimitsSetRequest.class),
                        true),
                new Case(Json.MAPPER.readValue("{\"daily_budget_usd\":-0.01}", LimitsSetRequest.class), false),
                new Case(Json.MAPPER.readValue("{\"tokens_per_minute\":-1}", LimitsSetRequest.class), false),
                new Case(
                        Json.MAPPER.readValue(
                                "{\"model\":\"e\",\"input\":\"x\",\"dimensions\":0}", CreateEmbeddingRequest.class),
                        false),
                new Case(
                        Json.MAPPER.readValue(
                                "{\"model\":\"e\",\"input\":\"x\",\"dimensions\":256}", CreateEmbeddingRequest.class),
                        true));

        for (Case c : cases) {
            assertThat(HIBERNATE.validate(c.body()).isEmpty())
                    .as("Hibernate on " + c)
                    .isEqualTo(c.valid());
            assertThat(FAST.surelySatisfied(c.body())).as(c.toString()).isEqualTo(c.valid());
        }
    }

    @Test
    void aClassWithAConstraintItDoesNotKnowIsLeftToHibernateValidator() {
        class Unknown {
            @jakarta.validation.constraints.Email
            String mail = "not-an-address";
        }
        class Known {
            @jakarta.validation.constraints.Size(max = 3)
            String code = "abc";
        }

        assertThat(FAST.decidesItself(Unknown.class)).isFalse();
        assertThat(FAST.surelySatisfied(new Unknown())).isFalse();
        assertThat(FAST.decidesItself(Known.class)).isTrue();
        assertThat(FAST.surelySatisfied(new Known())).isTrue();
    }

    private static CreateChatCompletionRequest chat(String json) throws IOException {
        return Json.MAPPER.readValue(json, CreateChatCompletionRequest.class);
    }
}
