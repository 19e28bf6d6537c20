package io.jetway.gateway.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.jetway.api.types.Shorthands;

/**
 * The gateway's one JSON mapper. Strict about types (no coercing {@code "10"} or {@code 10.5}
 * into an integer, nor {@code 10} or {@code true} into a string: OpenAI rejects those too, and a
 * silent coercion would change the request),
 * lenient about unknown fields (they pass through to OpenAI-format providers from the raw bytes),
 * and never writes nulls the caller did not send. Reads the spec's shorthand forms
 * ({@link Shorthands}: {@code image_url} as a string). Bounded: {@link RequestLimits} (nesting, string
 * and number lengths of every parse; list lengths of a chat request).
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(RequestLimits.STREAM)
                    .build())
            .addModule(RequestLimits.module())
            .addModule(Shorthands.module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(
                    LogicalType.Textual,
                    text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
            .build();

    private Json() {}
}
