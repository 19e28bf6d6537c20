package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.api.model.ChatCompletionChoice;
import io.jetway.api.model.ChatCompletionMessageToolCall;
import io.jetway.api.model.ChatCompletionResponseMessage;
import io.jetway.api.model.ContentBlock;
import io.jetway.api.model.FunctionCall;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.common.Completions;
import io.jetway.gateway.provider.common.FinishReasons;
import io.jetway.gateway.provider.common.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic Message (https://docs.claude.com/en/api/messages) → OpenAI {@code chat.completion}.
 * Pure.
 * <ul>
 *   <li>{@code id} is the message id; text blocks, joined, are {@code content} (null on an answer
 *       of tool calls only, shaped by {@link Completions}); {@code tool_use}
 *       blocks are {@code tool_calls} (input as a JSON string), except the JSON tool of a
 *       {@code response_format} ({@link AnthropicRequestMapper.JsonOutput}), whose input is the
 *       {@code content} and whose stop is {@code stop}.</li>
 *   <li>Thinking never reaches {@code content}. With strict OpenAI compliance off, it is
 *       {@code reasoning_content} and, with the text, the ordered {@code content_blocks}
 *       (signatures and redacted blocks kept, so the client can send them back).</li>
 *   <li>{@code stop_reason}: see {@link #finishReason}. Usage: see {@link #usage}.</li>
 * </ul>
 */
public final class AnthropicResponseMapper {

    private AnthropicResponseMapper() {}

    /**
     * @param created   the request time, Unix seconds
     * @param fallbackModel the requested model, used if the answer names none
     * @param strict    strict OpenAI compliance (no thinking in the answer)
     * @throws GatewayException 502 when the body is not an Anthropic message
     */
    public static byte[] map(
            byte[] upstreamBody,
            long created,
            String fallbackModel,
            boolean strict,
            AnthropicRequestMapper.JsonOutput json) {
        return map(upstreamBody, created, fallbackModel, strict, json, new CallFacts.Recorder());
    }

    /** As {@link #map(byte[], long, String, boolean, AnthropicRequestMapper.JsonOutput)}, recording the answer's facts. */
    public static byte[] map(
            byte[] upstreamBody,
            long created,
            String fallbackModel,
            boolean strict,
            AnthropicRequestMapper.JsonOutput json,
            CallFacts.Recorder facts) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(upstreamBody);
        } catch (IOException e) {
            throw invalid("its answer is not JSON");
        }
        if (root == null || !root.isObject() || !root.path("content").isArray()) {
            throw invalid("its answer is not a Messages API message (no content array)");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ContentBlock> blocks = new ArrayList<>();
        List<ChatCompletionMessageToolCall> calls = new ArrayList<>();
        String jsonAnswer = null;
        for (JsonNode block : root.path("content")) {
            switch (block.path("type").asText("")) {
                case "text" -> {
                    if (json.kind() == AnthropicRequestMapper.JsonOutput.Kind.TOOL) {
                        // A forced tool leaves no room for text (Anthropic writes none); the content is the JSON.
                        continue;
                    }
                    text.append(block.path("text").asText(""));
                    blocks.add(new ContentBlock()
                            .type("text")
                            .text(block.path("text").asText("")));
                }
                case "thinking" -> {
                    reasoning.append(block.path("thinking").asText(""));
                    blocks.add(new ContentBlock()
                            .type("thinking")
                            .thinking(block.path("thinking").asText(""))
                            .signature(textOrNull(block.path("signature"))));
                }
                case "redacted_thinking" ->
                    blocks.add(new ContentBlock()
                            .type("redacted_thinking")
                            .data(block.path("data").asText("")));
                case "tool_use" -> {
                    String name = block.path("name").asText("");
                    String input = inputJson(block.path("input"));
                    if (json.isJsonTool(name)) {
                        jsonAnswer = jsonAnswer == null ? input : jsonAnswer + input;
                    } else {
                        calls.add(new ChatCompletionMessageToolCall()
                                .id(block.path("id").asText(""))
                                .type("function")
                                .function(new FunctionCall().name(name).arguments(input)));
                    }
                }
                default -> {
                    // Server-tool blocks (web search …) and future types: nothing in Chat Completions carries them.
                }
            }
        }
        ChatCompletionResponseMessage message =
                Completions.message(jsonAnswer != null ? jsonAnswer : text.toString(), calls);
        if (!strict) {
            if (!reasoning.isEmpty()) {
                message.reasoningContent(reasoning.toString());
            }
            if (!blocks.isEmpty()) {
                message.contentBlocks(blocks);
            }
        }
        String stopReason =
                root.path("stop_reason").isTextual() ? root.path("stop_reason").asText() : null;
        ChatCompletionChoice choice = Completions.choice(0, message, finishReason(stopReason, !calls.isEmpty()));
        JsonNode model = root.path("model");
        JsonNode u = root.path("usage");
        Usage usage = !u.isObject()
                ? null
                : usage(
                        u.path("input_tokens").asLong(0),
                        u.path("output_tokens").asLong(0),
                        longOrNull(u.path("cache_read_input_tokens")),
                        longOrNull(u.path("cache_creation_input_tokens")));
        return Completions.write(
                root.path("id").asText(""),
                created,
                model.isTextual() ? model.asText() : fallbackModel,
                List.of(choice),
                usage,
                strict,
                facts);
    }

    /**
     * Anthropic's {@code stop_reason} → OpenAI's finish reason
     * (https://docs.claude.com/en/api/handling-stop-reasons): {@code end_turn},
     * {@code stop_sequence} and {@code pause_turn} (a server tool paused a long turn) → stop;
     * {@code max_tokens} and {@code model_context_window_exceeded} → length; {@code tool_use} →
     * tool_calls, or stop when the only tool used was the JSON tool of a response_format;
     * {@code refusal} → content_filter. A missing or unknown reason is taken as a normal end
     * (tool_calls if tools were called) rather than failing an answer that arrived whole.
     *
     * @param toolCalls whether the answer holds tool calls for the client
     */
    static FinishReasons.Reason finishReason(String stopReason, boolean toolCalls) {
        if (stopReason == null) {
            return toolCalls ? FinishReasons.Reason.TOOL_CALLS : FinishReasons.Reason.STOP;
        }
        return switch (stopReason) {
            case "end_turn", "stop_sequence", "pause_turn" -> FinishReasons.Reason.STOP;
            case "max_tokens", "model_context_window_exceeded" -> FinishReasons.Reason.LENGTH;
            case "tool_use" -> toolCalls ? FinishReasons.Reason.TOOL_CALLS : FinishReasons.Reason.STOP;
            case "refusal" -> FinishReasons.Reason.CONTENT_FILTER;
            default -> toolCalls ? FinishReasons.Reason.TOOL_CALLS : FinishReasons.Reason.STOP;
        };
    }

    /**
     * Anthropic's usage in OpenAI's terms. Anthropic's {@code input_tokens} counts only the input
     * after the last cache breakpoint: cache reads and cache writes are counted apart
     * ("total input tokens = cache_read_input_tokens + cache_creation_input_tokens + input_tokens",
     * https://docs.claude.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance),
     * while OpenAI's {@code prompt_tokens} counts every input token, cached ones included
     * (https://platform.openai.com/docs/guides/prompt-caching). So prompt = input + cache read +
     * cache write; {@code cached_tokens} = cache read (0 when Anthropic reports none);
     * {@code cache_write_tokens} = cache write, when reported. Anthropic reports no thinking token
     * count apart from {@code output_tokens}.
     */
    static Usage usage(long input, long output, Long cacheRead, Long cacheCreation) {
        long read = cacheRead == null ? 0 : cacheRead;
        long creation = cacheCreation == null ? 0 : cacheCreation;
        return new Usage(input + read + creation, output, read, cacheCreation, null);
    }

    static String inputJson(JsonNode input) {
        if (input == null || input.isMissingNode() || input.isNull()) {
            return "{}";
        }
        try {
            return Json.MAPPER.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static Long longOrNull(JsonNode n) {
        return n != null && n.isNumber() ? n.asLong() : null;
    }

    private static String textOrNull(JsonNode n) {
        return n != null && n.isTextual() ? n.asText() : null;
    }

    static GatewayException invalid(String what) {
        return new GatewayException(
                502,
                GatewayException.UPSTREAM,
                "The provider anthropic answered with something " + "the gateway cannot read: " + what + ".",
                null,
                "invalid_provider_response");
    }
}
