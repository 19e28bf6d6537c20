package io.jetway.gateway.provider.workersai;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Cloudflare's published input and output schema of {@code @cf/meta/llama-3.3-70b-instruct-fp8-fast}
 * as one OpenAPI operation, {@code POST /client/v4/accounts/{account_id}/ai/run/<model>}
 * ({@code providers/workers-ai/workers-ai-run.openapi.json}, derived by {@code derive_spec.py} there;
 * sources in {@code SOURCES.md}). The validator rejects properties a schema does not declare (its
 * default), so a misspelt or OpenAI-only field in a mapped request fails validation.
 */
public final class WorkersAiSpec {

    static final String PATH =
            "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/ai/run/" + "@cf/meta/llama-3.3-70b-instruct-fp8-fast";

    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForSpecificationUrl(specUrl()).build();

    private WorkersAiSpec() {}

    /** The report for a run call of the schema's model with this JSON body and a bearer key. */
    public static ValidationReport validateRequest(byte[] body) {
        return VALIDATOR.validateRequest(SimpleRequest.Builder.post(PATH)
                .withContentType("application/json")
                .withAuthorization("Bearer cf-test-token")
                .withBody(body)
                .build());
    }

    /** The report for a 200 JSON answer of the run call with this body. */
    static ValidationReport validateResponse(byte[] body) {
        return VALIDATOR.validateResponse(
                PATH,
                Request.Method.POST,
                SimpleResponse.Builder.ok()
                        .withContentType("application/json")
                        .withBody(new String(body, StandardCharsets.UTF_8))
                        .build());
    }

    private static String specUrl() {
        try {
            return Path.of(WorkersAiSpec.class
                            .getResource("/providers/workers-ai/workers-ai-run.openapi.json")
                            .toURI())
                    .toUri()
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
