package io.jetway.bench;

import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.requests.RequestParser;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * What every request pays before any provider: the body parsed into the typed model (Jackson,
 * strict) and validated against the spec's constraints (Hibernate Validator); and the two halves
 * apart, to see which one costs.
 */
public class RequestParsingBench extends BenchDefaults {

    private final RequestParser parser = new RequestParser(Json.MAPPER);
    private final byte[] body = Payloads.CHAT_REQUEST.getBytes(StandardCharsets.UTF_8);
    /** Configured as RequestParser's (which also names properties by their JSON names). */
    private final Validator validator = Validation.byProvider(HibernateValidator.class)
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();

    private final CreateChatCompletionRequest model =
            parser.parse("application/json", body).body();

    /** What the gateway does per request: both halves. */
    @Benchmark
    public ChatRequest parseAndValidate() {
        return parser.parse("application/json", body);
    }

    @Benchmark
    public CreateChatCompletionRequest jacksonOnly() throws IOException {
        return Json.MAPPER.readValue(body, CreateChatCompletionRequest.class);
    }

    @Benchmark
    public Object validationOnly() {
        return validator.validate(model);
    }
}
