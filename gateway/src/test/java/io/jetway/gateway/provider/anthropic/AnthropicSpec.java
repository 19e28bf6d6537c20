package io.jetway.gateway.provider.anthropic;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.provider.conformance.OpenApi31;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Anthropic's published OpenAPI spec ({@code openapi.tryAGI.json}, copied from
 * /work/shared/reference/specs/anthropic, see SOURCES.json there) as a validator for the Messages
 * request bodies the mapper produces.
 *
 * <p>swagger-request-validator 2.46 cannot take the spec as published: it is OpenAPI 3.1 (the
 * validator's JSON Schema engine is draft-04 with OpenAPI 3.0 rules), it has no
 * {@code info.version}, and its discriminators sit on {@code oneOf} wrappers, which the validator's
 * v2-style discriminator check rejects as an invalid schema. So the validator gets a derived copy,
 * made in memory, with the same constraints in 3.0 terms:
 * <ul>
 *   <li>{@code const: x} → {@code enum: [x]} (the discriminating {@code type} of every block keeps
 *       being checked, so {@code oneOf} still picks exactly one variant; dropping
 *       {@code discriminator} then loses nothing);</li>
 *   <li>{@code anyOf: [X, {type: null}]} → X, {@code nullable: true} (the validator strips null
 *       values before validating anyway, and the mapper never sends nulls);</li>
 *   <li>numeric {@code exclusiveMinimum: n} → {@code minimum: n, exclusiveMinimum: true};
 *       {@code examples} and the 3.1-only {@code webhooks} removed; paths other than
 *       {@code /v1/messages} removed (load time).</li>
 * </ul>
 * {@code additionalProperties: false}, {@code required}, enums, patterns and types are kept, so
 * an unknown field, a missing one, a wrong block shape or a wrong media type still fails.
 */
public final class AnthropicSpec {

    private static OpenApiInteractionValidator validator;

    private AnthropicSpec() {}

    /** The validator's messages for a POST /v1/messages with this body; empty when valid. */
    public static List<String> messagesRequestProblems(byte[] body) {
        ValidationReport report = validator()
                .validateRequest(SimpleRequest.Builder.post("/v1/messages")
                        .withContentType("application/json")
                        .withHeader("anthropic-version", AnthropicProvider.DEFAULT_VERSION)
                        .withBody(new String(body, StandardCharsets.UTF_8))
                        .build());
        return report.getMessages().stream()
                .map(m -> m.getKey() + ": " + m.getMessage() + " " + m.getAdditionalInfo())
                .toList();
    }

    private static synchronized OpenApiInteractionValidator validator() {
        if (validator == null) {
            ObjectNode spec = (ObjectNode) Fixtures.json("openapi.tryAGI.json").deepCopy();
            ((ObjectNode) spec.get("info")).put("version", "0");
            ((ObjectNode) spec.get("paths")).retain("/v1/messages");
            spec.remove("webhooks");
            OpenApi31.to30(spec);
            spec.put("openapi", "3.0.3");
            validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec.toString())
                    .build();
        }
        return validator;
    }
}
