package io.jetway.gateway.provider.workersai;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.api.model.ChatCompletionMessageToolCall;
import io.jetway.api.model.FunctionCall;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.common.Completions;
import io.jetway.gateway.provider.common.FinishReasons.Reason;
import io.jetway.gateway.provider.common.Usage;
import io.jetway.gateway.provider.core.JsonObjects;
import java.util.ArrayList;
import java.util.List;

/**
 * The run API's answer → OpenAI {@code chat.completion}. Pure.
 *
 * <p>The REST API wraps the model's output in Cloudflare's envelope
 * {@code {result, success, errors, messages}} (https://developers.cloudflare.com/workers-ai/get-started/rest-api/);
 * the output is {@code {response, tool_calls?, usage?}} (the model's output schema,
 * https://developers.cloudflare.com/workers-ai/models/llama-3.3-70b-instruct-fp8-fast/). {@code response}
 * is the text (in JSON mode an object: written as its JSON text); {@code tool_calls} are
 * {@code {name, arguments}} with the arguments as an object, or OpenAI-shaped
 * {@code {id, type, function: {name, arguments}}} (both are read); {@code usage} has OpenAI's
 * {@code prompt_tokens} and {@code completion_tokens}. A {@code success: false} answer with HTTP 200
 * is the error it reports.
 */
public final class WorkersAiResponseMapper {

    private WorkersAiResponseMapper() {}

    /**
     * The answer to a request prepared with {@code plan} and generated under {@code maxTokens}; its
     * facts go to {@code facts}.
     */
    public static byte[] map(AnswerPlan plan, long maxTokens, byte[] upstreamBody, CallFacts.Recorder facts) {
        JsonNode root = JsonObjects.answer(upstreamBody, WorkersAiResponseMapper::malformed);
        if (root.path("success").isBoolean() && !root.path("success").asBoolean()) {
            throw WorkersAiErrorMapper.map(502, upstreamBody, name -> null);
        }
        JsonNode result = root.path("result");
        if (!result.isObject()) {
            throw malformed("it has no `result` object");
        }
        List<ChatCompletionMessageToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = result.path("tool_calls");
        for (int i = 0; i < toolCalls.size(); i++) {
            ToolCall c = ToolCall.of(toolCalls.get(i), plan, i);
            calls.add(new ChatCompletionMessageToolCall()
                    .id(c.id())
                    .type("function")
                    .function(new FunctionCall().name(c.name()).arguments(c.arguments())));
        }
        Usage usage = usage(result.get("usage"));
        Reason finish = finishReason(result.get("finish_reason"), !calls.isEmpty(), usage, maxTokens);
        return Completions.write(
                plan.completionId(),
                plan.created(),
                plan.model(),
                List.of(Completions.choice(0, Completions.message(text(result.get("response")), calls), finish)),
                usage,
                plan.strict(),
                facts);
    }

    /** The answer's text: a string as it is, JSON mode's object as its JSON text, else empty. */
    static String text(JsonNode response) {
        if (response == null || response.isNull() || response.isMissingNode()) {
            return "";
        }
        return response.isTextual() ? response.asText() : response.toString();
    }

    /**
     * Workers AI reports no finish reason for its native output; when it does send one (OpenAI's
     * words) it is used. Otherwise an answer with tool calls finished with {@code tool_calls}; one
     * whose completion tokens reached the cap it was generated under was cut there ({@code length}:
     * Cloudflare's default cap of 256 tokens cuts answers a caller did not cap); any other finished
     * ({@code stop}). An unknown value is treated as none.
     *
     * @param usage     the answer's usage, or null when it reported none
     * @param maxTokens the {@code max_tokens} the answer was generated under
     */
    static Reason finishReason(JsonNode wire, boolean hasToolCalls, Usage usage, long maxTokens) {
        String s = wire != null && wire.isTextual() ? wire.asText() : "";
        return switch (s) {
            case "length" -> Reason.LENGTH;
            case "content_filter" -> Reason.CONTENT_FILTER;
            case "tool_calls" -> Reason.TOOL_CALLS;
            case "stop" -> hasToolCalls ? Reason.TOOL_CALLS : Reason.STOP;
            default ->
                hasToolCalls
                        ? Reason.TOOL_CALLS
                        : usage != null && usage.completionTokens() >= maxTokens ? Reason.LENGTH : Reason.STOP;
        };
    }

    /** OpenAI's counts from Workers AI's {@code usage} (already in OpenAI's terms); null when absent. */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject() || !(usage.has("prompt_tokens") || usage.has("completion_tokens"))) {
            return null;
        }
        return new Usage(
                usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0),
                null,
                null,
                null);
    }

    /** One tool call as Workers AI writes it, in either of its two shapes. */
    record ToolCall(String id, String name, String arguments) {

        static ToolCall of(JsonNode c, AnswerPlan plan, int index) {
            JsonNode fn = c.path("function");
            JsonNode name = fn.isObject() ? fn.get("name") : c.get("name");
            JsonNode args = fn.isObject() ? fn.get("arguments") : c.get("arguments");
            JsonNode id = c.get("id");
            return new ToolCall(
                    id != null && id.isTextual() && !id.asText().isEmpty()
                            ? id.asText()
                            : "call_" + plan.traceId() + "_" + index,
                    name != null && name.isTextual() ? name.asText() : "",
                    arguments(args));
        }

        /** Arguments as JSON text: a string as it is (already JSON), an object as its JSON; none as {@code {}}. */
        static String arguments(JsonNode args) {
            if (args == null || args.isNull() || args.isMissingNode()) {
                return "{}";
            }
            return args.isTextual() ? args.asText() : args.toString();
        }
    }

    private static GatewayException malformed(String why) {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider workers-ai answered with a body that is not a Workers AI run response: " + why + ".",
                null,
                "invalid_provider_response");
    }
}
