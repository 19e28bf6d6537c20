package io.jetway.gateway.observability;

import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.PortkeyHeaders;
import io.jetway.gateway.pipeline.Exchange;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Spans following OpenTelemetry's GenAI semantic conventions: one SERVER span per gateway request
 * ({@code chat {model}}), continuing the caller's W3C {@code traceparent} when it sent one, and a
 * CLIENT child per upstream attempt. When tracing is off ({@link #OFF}) nothing is built at all.
 *
 * @see <a href="https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/">GenAI spans</a>
 */
final class Tracing {

    static final Tracing OFF = new Tracing(null);

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
    static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<Double> REQUEST_TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
    static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> PORTKEY_TRACE_ID = AttributeKey.stringKey("portkey.trace_id");
    static final AttributeKey<String> PORTKEY_SPAN_ID = AttributeKey.stringKey("portkey.span_id");
    static final AttributeKey<String> PORTKEY_PARENT_SPAN_ID = AttributeKey.stringKey("portkey.parent_span_id");
    static final AttributeKey<String> PORTKEY_SPAN_NAME = AttributeKey.stringKey("portkey.span_name");
    static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");
    static final AttributeKey<String> CACHE_STATUS = AttributeKey.stringKey("portkey.cache_status");
    static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("jetway.stream");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("jetway.attempts");
    static final AttributeKey<Long> ATTEMPT_NUMBER = AttributeKey.longKey("jetway.attempt.number");
    static final AttributeKey<String> ATTEMPT_REASON = AttributeKey.stringKey("jetway.attempt.reason");

    /** Reads the caller's headers for {@code traceparent}/{@code tracestate}. */
    private static final TextMapGetter<Function<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };

    private final Tracer tracer;

    private Tracing(Tracer tracer) {
        this.tracer = tracer;
    }

    static Tracing of(OpenTelemetry openTelemetry) {
        return new Tracing(openTelemetry.getTracer("io.jetway.gateway"));
    }

    boolean enabled() {
        return tracer != null;
    }

    /** The request's SERVER span, a child of the caller's {@code traceparent} when valid; invalid when off. */
    // Deprecated in OpenAI's spec (max_tokens, functions, the function role, user, seed), still sent by callers.
    @SuppressWarnings("deprecation")
    Span startRequest(Exchange ex, String model) {
        if (tracer == null) {
            return Span.getInvalid();
        }
        PortkeyHeaders h = ex.headers();
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), h.clientHeaders(), HEADERS);
        CreateChatCompletionRequest body = ex.request().body();
        var span = tracer.spanBuilder(model == null ? "chat" : "chat " + model)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(OPERATION, "chat")
                .setAttribute(HTTP_METHOD, "POST")
                .setAttribute(HTTP_ROUTE, "/v1/chat/completions")
                .setAttribute(STREAM, ex.request().stream())
                .setAttribute(PORTKEY_TRACE_ID, ex.traceId());
        if (model != null) {
            span.setAttribute(REQUEST_MODEL, model);
        }
        if (body.getTemperature() != null) {
            span.setAttribute(REQUEST_TEMPERATURE, body.getTemperature());
        }
        if (body.getTopP() != null) {
            span.setAttribute(REQUEST_TOP_P, body.getTopP());
        }
        Integer max = body.getMaxCompletionTokens() != null ? body.getMaxCompletionTokens() : body.getMaxTokens();
        if (max != null) {
            span.setAttribute(REQUEST_MAX_TOKENS, max.longValue());
        }
        putIfPresent(span, PORTKEY_SPAN_ID, h.spanId());
        putIfPresent(span, PORTKEY_PARENT_SPAN_ID, h.parentSpanId());
        putIfPresent(span, PORTKEY_SPAN_NAME, h.spanName());
        for (Map.Entry<String, String> m : ex.metadata().entrySet()) {
            span.setAttribute("portkey.metadata." + m.getKey(), m.getValue());
        }
        putIfPresent(span, USER_ID, ex.metadata().get("_user"));
        return span.startSpan();
    }

    /** A CLIENT span for one upstream attempt, child of the request's span; invalid when off. */
    Span startAttempt(Span request, String provider, String model, int number, String reason) {
        if (tracer == null) {
            return Span.getInvalid();
        }
        var span = tracer.spanBuilder(model == null ? "chat" : "chat " + model)
                .setParent(Context.root().with(request))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, "chat")
                .setAttribute(SYSTEM, provider)
                .setAttribute(PROVIDER_NAME, provider)
                .setAttribute(ATTEMPT_NUMBER, (long) number)
                .setAttribute(ATTEMPT_REASON, reason);
        if (model != null) {
            span.setAttribute(REQUEST_MODEL, model);
        }
        return span.startSpan();
    }

    /** Response id, model and usage onto a span. */
    static void answer(Span span, CallFacts facts) {
        putIfPresent(span, RESPONSE_ID, facts.id());
        putIfPresent(span, RESPONSE_MODEL, facts.model());
        if (facts.usage() != null) {
            span.setAttribute(INPUT_TOKENS, facts.usage().inputTokens());
            span.setAttribute(OUTPUT_TOKENS, facts.usage().outputTokens());
        }
    }

    /** Marks a span failed: {@code error.type} (the error's code, else its status) and status ERROR. */
    static void failed(Span span, Throwable failure) {
        if (failure instanceof GatewayException g) {
            span.setAttribute(ERROR_TYPE, g.code() != null ? g.code() : Integer.toString(g.status()));
            span.setStatus(StatusCode.ERROR, g.getMessage());
        } else {
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR);
        }
    }

    private static void putIfPresent(io.opentelemetry.api.trace.SpanBuilder span, AttributeKey<String> key, String v) {
        if (v != null && !v.isBlank()) {
            span.setAttribute(key, v);
        }
    }

    private static void putIfPresent(Span span, AttributeKey<String> key, String v) {
        if (v != null && !v.isBlank()) {
            span.setAttribute(key, v);
        }
    }
}
