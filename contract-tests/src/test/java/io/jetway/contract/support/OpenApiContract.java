package io.jetway.contract.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.jetway.contract.fake.RecordedRequest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Jetway's {@code openapi.yaml}, as a validator: responses, stream chunks and client requests are
 * checked against the schemas the code is generated from.
 */
public final class OpenApiContract {

    private static final String SPEC = Path.of(System.getProperty("jetway.openapi", "../openapi/openapi.yaml"))
            .toAbsolutePath()
            .normalize()
            .toString();
    private static final OpenApiContract INSTANCE = new OpenApiContract();

    private final OpenApiInteractionValidator interactions;
    private final OpenAPI api;
    private final SchemaValidator schemas;

    private OpenApiContract() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        this.api = new OpenAPIV3Parser().read(SPEC, null, options);
        this.interactions =
                OpenApiInteractionValidator.createForSpecificationUrl(SPEC).build();
        this.schemas = new SchemaValidator(api, new MessageResolver());
    }

    public static OpenApiContract get() {
        return INSTANCE;
    }

    /** A whole JSON response of {@code POST /v1/chat/completions} with this status. */
    public void assertValidChatResponse(int status, String body) {
        ValidationReport report = interactions.validateResponse(
                "/v1/chat/completions",
                Request.Method.POST,
                SimpleResponse.Builder.status(status)
                        .withContentType("application/json")
                        .withBody(body)
                        .build());
        assertThat(report.getMessages()).as("response %s %s", status, body).isEmpty();
    }

    /** Any response of an operation, with its content type. */
    public void assertValidResponse(String path, Request.Method method, int status, String contentType, String body) {
        ValidationReport report = interactions.validateResponse(
                path,
                method,
                SimpleResponse.Builder.status(status)
                        .withContentType(contentType)
                        .withBody(body)
                        .build());
        assertThat(report.getMessages())
                .as("%s %s → %s %s", method, path, status, contentType)
                .isEmpty();
    }

    /**
     * Any JSON response of the API (e.g. the admin API's) against the operation the concrete
     * {@code path} and {@code method} match, for this status.
     */
    public void assertValidResponse(String method, String path, int status, String body) {
        ValidationReport report = interactions.validateResponse(
                path,
                Request.Method.valueOf(method),
                SimpleResponse.Builder.status(status)
                        .withContentType("application/json")
                        .withBody(body)
                        .build());
        assertThat(report.getMessages())
                .as("%s %s → %s %s", method, path, status, body)
                .isEmpty();
    }

    /** A request as a client sends it (method, concrete path, JSON body or null, headers). */
    public void assertValidRequest(String method, String path, String body, Map<String, String> headers) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(method, path);
        if (body != null) {
            b.withBody(body);
        }
        headers.forEach((name, value) -> b.withHeader(name, value));
        ValidationReport report = interactions.validateRequest(b.build());
        assertThat(report.getMessages())
                .as("request %s %s %s", method, path, body)
                .isEmpty();
    }

    /** A JSON document against a named component schema. */
    public void assertValid(String schemaName, String json) {
        Schema<?> schema = api.getComponents().getSchemas().get(schemaName);
        assertThat(schema).as("schema %s", schemaName).isNotNull();
        ValidationReport report = schemas.validate(json, schema, schemaName);
        assertThat(report.getMessages()).as("%s: %s", schemaName, json).isEmpty();
    }

    /** A {@code data:} payload of a stream: a chunk, or (after a failure) an error. */
    public void assertValidStreamPayload(String data) {
        assertValid(
                data.contains("\"error\"") && !data.contains("chat.completion.chunk")
                        ? "ErrorResponse"
                        : "CreateChatCompletionStreamResponse",
                data);
    }

    /** A request as received (e.g. by a fake server from Jetway's generated client). */
    public void assertValidChatRequest(RecordedRequest recorded) {
        SimpleRequest.Builder b =
                SimpleRequest.Builder.post(recorded.pathWithoutQuery()).withBody(recorded.bodyText());
        for (Map.Entry<String, List<String>> h : recorded.headers().entrySet()) {
            b.withHeader(h.getKey(), h.getValue());
        }
        ValidationReport report = interactions.validateRequest(b.build());
        assertThat(report.getMessages()).as("request %s", recorded.bodyText()).isEmpty();
    }

    /** Whether the validator finds anything wrong (for the tests that prove the validator bites). */
    public List<ValidationReport.Message> problems(String schemaName, String json) {
        return schemas.validate(json, api.getComponents().getSchemas().get(schemaName), schemaName)
                .getMessages();
    }
}
