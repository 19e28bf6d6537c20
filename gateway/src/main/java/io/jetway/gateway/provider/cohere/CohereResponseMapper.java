package io.jetway.gateway.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.api.model.ChatCompletionMessageToolCall;
import io.jetway.api.model.ChatCompletionResponseMessage;
import io.jetway.api.model.ContentBlock;
import io.jetway.api.model.FunctionCall;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.TokenUsage;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.common.Completions;
import io.jetway.gateway.provider.common.FinishReasons.Reason;
import io.jetway.gateway.provider.common.Usage;
import io.jetway.gateway.provider.core.JsonObjects;
import java.util.ArrayList;
import java.util.List;

/**
 * Cohere Chat v2 answer ({@code ChatResponseV2}, https://docs.cohere.com/reference/chat) →
 * OpenAI {@code chat.completion}. Pure.
 *
 * <p>{@code message.content} text blocks are joined into {@code content}; {@code tool_calls}
 * keep Cohere's ids (Cohere's v2 calls are already OpenAI-shaped); thinking blocks and the
 * {@code tool_plan} are reasoning, shown only with strict OpenAI compliance off (as
 * {@code reasoning_content} plus Portkey's {@code content_blocks}: the thinking and text blocks
 * in order, the tool plan after them). Usage comes from {@code usage.tokens}, else from
 * {@code usage.billed_units}. Citations have no Chat Completions counterpart and are not mapped.
 */
public final class CohereResponseMapper {

    private CohereResponseMapper() {}

    /** The answer to a request prepared with {@code plan}; its facts go to {@code facts}. */
    public static byte[] map(AnswerPlan plan, byte[] upstreamBody, CallFacts.Recorder facts) {
        JsonNode root = JsonObjects.answer(upstreamBody, CohereResponseMapper::malformed);
        JsonNode message = root.path("message");
        if (!message.isObject()) {
            throw malformed("it has no `message`");
        }
        boolean reasoning = !plan.strict();

        StringBuilder text = null;
        StringBuilder thinking = null;
        List<ContentBlock> blocks = new ArrayList<>();
        for (JsonNode block : message.path("content")) {
            String type = block.path("type").asText();
            switch (type) {
                case "text" -> {
                    String t = block.path("text").asText("");
                    text = (text == null ? new StringBuilder() : text).append(t);
                    blocks.add(new ContentBlock().type("text").text(t));
                }
                case "thinking" -> {
                    String t = block.path("thinking").asText("");
                    thinking = (thinking == null ? new StringBuilder() : thinking).append(t);
                    blocks.add(new ContentBlock().type("thinking").thinking(t));
                }
                default -> {
                    // A content type newer than this mapper: nothing in Chat Completions to put it in.
                }
            }
        }
        String toolPlan = textOrNull(message.get("tool_plan"));
        if (toolPlan != null && !toolPlan.isEmpty()) {
            thinking = (thinking == null ? new StringBuilder() : thinking).append(toolPlan);
            blocks.add(new ContentBlock().type("thinking").thinking(toolPlan));
        }

        List<ChatCompletionMessageToolCall> toolCalls = new ArrayList<>();
        JsonNode calls = message.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            JsonNode c = calls.get(i);
            toolCalls.add(new ChatCompletionMessageToolCall()
                    .id(toolCallId(c.get("id"), plan, i))
                    .type("function")
                    .function(new FunctionCall()
                            .name(c.path("function").path("name").asText())
                            .arguments(c.path("function").path("arguments").asText("{}"))));
        }

        Reason finish =
                CohereFinishReason.parse(textOrNull(root.get("finish_reason"))).toOpenAi(!toolCalls.isEmpty());

        ChatCompletionResponseMessage out = Completions.message(text != null ? text.toString() : "", toolCalls);
        if (reasoning && thinking != null) {
            out.reasoningContent(thinking.toString());
            out.contentBlocks(blocks);
        }
        byte[] answer = Completions.write(
                responseId(root, plan),
                plan.created(),
                plan.model(),
                List.of(Completions.choice(0, out, finish)),
                usage(root.get("usage")),
                plan.strict(),
                facts);
        billed(root.get("usage"), facts);
        return answer;
    }

    /**
     * Token counts from Cohere's {@code Usage} (https://docs.cohere.com/reference/chat, response
     * {@code usage}): {@code tokens} (what the model read and wrote), else {@code billed_units}.
     * {@code tokens.input_tokens} is every token "used as input to the model", cached ones
     * included, as OpenAI's {@code prompt_tokens}; {@code cached_tokens} ("prompt tokens that hit
     * the inference cache") is its detail. Cohere reports no cache writes and no reasoning token
     * count. Null when Cohere sent neither.
     */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        JsonNode counts = usage.path("tokens");
        if (!counts.isObject() || !(counts.has("input_tokens") || counts.has("output_tokens"))) {
            counts = usage.path("billed_units");
        }
        if (!counts.isObject()) {
            return null;
        }
        JsonNode cached = usage.get("cached_tokens");
        return new Usage(
                counts.path("input_tokens").asLong(0),
                counts.path("output_tokens").asLong(0),
                cached != null && cached.isNumber() ? cached.asLong() : null,
                null,
                null);
    }

    /**
     * Cohere bills {@code usage.billed_units}, not {@code usage.tokens}, which also counts the tokens
     * Cohere adds around the conversation (https://docs.cohere.com/reference/chat, response
     * {@code usage.billed_units}). The caller's {@code usage} keeps what the model read and wrote; the
     * call's facts, from which cost, limits and the token metrics are counted, take the billed units
     * when Cohere sent them (a later report replaces an earlier one).
     */
    static void billed(JsonNode usage, CallFacts.Recorder facts) {
        JsonNode billed = usage == null ? null : usage.get("billed_units");
        if (billed == null || !billed.isObject() || !(billed.has("input_tokens") || billed.has("output_tokens"))) {
            return;
        }
        facts.usage(new TokenUsage(
                billed.path("input_tokens").asLong(0),
                0,
                0,
                billed.path("output_tokens").asLong(0),
                0,
                false));
    }

    /** Cohere's id for a call, or one derived from the trace id when Cohere sent none. */
    static String toolCallId(JsonNode id, AnswerPlan plan, int index) {
        String s = textOrNull(id);
        return s != null && !s.isEmpty() ? s : "call_" + plan.traceId() + "_" + index;
    }

    /** The answer's id: Cohere's generation id, else one from the trace id. */
    static String responseId(JsonNode root, AnswerPlan plan) {
        String id = textOrNull(root.get("id"));
        return id != null && !id.isEmpty() ? id : plan.completionId();
    }

    static String textOrNull(JsonNode n) {
        return n == null || !n.isTextual() ? null : n.asText();
    }

    private static GatewayException malformed(String why) {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider cohere answered with a body that is not a Cohere chat response: " + why + ".",
                null,
                "invalid_provider_response");
    }
}
