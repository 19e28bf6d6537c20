package io.jetway.gateway.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Cohere's published OpenAPI schema for {@code POST /v2/chat}, reduced to that operation by
 * {@code providers/cohere/derive_spec.py} (the full spec's external snippet $refs do not load).
 * The validator rejects properties a schema does not declare (its default), so a misspelt or
 * OpenAI-only field in a mapped request fails validation.
 */
public final class CohereSpec {

    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForSpecificationUrl(specUrl()).build();

    private CohereSpec() {}

    /** The report for a {@code POST /v2/chat} with this JSON body and a bearer key. */
    public static ValidationReport validateRequest(byte[] body) {
        return VALIDATOR.validateRequest(SimpleRequest.Builder.post("/v2/chat")
                .withContentType("application/json")
                .withAuthorization("Bearer co-test-key")
                .withBody(body)
                .build());
    }

    static void assertValidRequest(byte[] body) {
        ValidationReport report = validateRequest(body);
        assertThat(report.getMessages())
                .as("Cohere /v2/chat request schema violations for "
                        + new String(body, java.nio.charset.StandardCharsets.UTF_8))
                .isEmpty();
    }

    /** The report for a 200 JSON answer of {@code POST /v2/chat} with this body. */
    public static ValidationReport validateResponse(byte[] body) {
        return VALIDATOR.validateResponse(
                "/v2/chat",
                Request.Method.POST,
                SimpleResponse.Builder.ok()
                        .withContentType("application/json")
                        .withBody(new String(body, java.nio.charset.StandardCharsets.UTF_8))
                        .build());
    }

    /** The report for an error answer of {@code POST /v2/chat} with this status and JSON body. */
    public static ValidationReport validateError(int status, byte[] body) {
        return VALIDATOR.validateResponse(
                "/v2/chat",
                Request.Method.POST,
                SimpleResponse.Builder.status(status)
                        .withContentType("application/json")
                        .withBody(new String(body, java.nio.charset.StandardCharsets.UTF_8))
                        .build());
    }

    private static String specUrl() {
        try {
            return Path.of(CohereSpec.class
                            .getResource("/providers/cohere/cohere-v2-chat.openapi.yaml")
                            .toURI())
                    .toUri()
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
