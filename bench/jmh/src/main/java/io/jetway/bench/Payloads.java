package io.jetway.bench;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.requests.RequestParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The payloads the benchmarks map: the same shapes as the latency benchmark's (bench/upstream/),
 * a typical short chat request, and 20-chunk streams.
 */
final class Payloads {

    private Payloads() {}

    /** A typical small chat request: a system and a user message, a token limit. */
    static final String CHAT_REQUEST = """
            {"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},\
            {"role":"user","content":"Hello! Say something short."}],"max_tokens":64,"temperature":0.7}""";

    /** The same with fields OpenAI-compatible providers drop or rename (logprobs, seed, max_completion_tokens). */
    static final String CHAT_REQUEST_WITH_EXTRAS = """
            {"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},\
            {"role":"user","content":"Hello! Say something short."}],"max_completion_tokens":64,"temperature":0.7,\
            "logprobs":true,"top_logprobs":2,"seed":42}""";

    /** The same request as a stream with the usage chunk. */
    static final String CHAT_STREAM_REQUEST = """
            {"model":"gemini-2.5-flash","stream":true,"stream_options":{"include_usage":true},"messages":[\
            {"role":"system","content":"You are a helpful assistant."},\
            {"role":"user","content":"Hello! Say something short."}],"max_tokens":64,"temperature":0.7}""";

    static final int STREAM_EVENTS = 21;

    /** OpenAI SSE: a role chunk, 18 content chunks, a finish chunk, [DONE] (21 events). */
    static byte[] openAiStream() {
        String c = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,\"delta\":";
        StringBuilder sb = new StringBuilder();
        sb.append("data: ")
                .append(c)
                .append("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                        + "\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        for (int i = 1; i <= 18; i++) {
            sb.append("data: ")
                    .append(c)
                    .append("{\"content\":\"word")
                    .append(i)
                    .append(" \"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        }
        sb.append("data: ").append(c).append("{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n");
        sb.append("data: [DONE]\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Gemini SSE (:streamGenerateContent?alt=sse): 21 GenerateContentResponse events, the last with finishReason. */
    static byte[] geminiStream() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= STREAM_EVENTS; i++) {
            boolean last = i == STREAM_EVENTS;
            sb.append("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"word")
                    .append(i)
                    .append(" \"}],\"role\": \"model\"},")
                    .append(last ? "\"finishReason\": \"STOP\"," : "")
                    .append("\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 12,\"candidatesTokenCount\": ")
                    .append(i)
                    .append(",\"totalTokenCount\": ")
                    .append(12 + i)
                    .append(
                            "},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"mAitaJ7bHq-KkdUPq5PY0Ac\"}\n\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An OpenAI chat.completion answer, as OpenAI sends it (about 700 bytes). */
    static final byte[] OPENAI_RESPONSE = """
            {
              "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
              "object": "chat.completion",
              "created": 1741569952,
              "model": "gpt-4o-mini-2024-07-18",
              "choices": [{"index": 0, "message": {"role": "assistant",
                "content": "Hello! How can I assist you today? Tell me what you need and I will keep it short.",
                "refusal": null, "annotations": []}, "logprobs": null, "finish_reason": "stop"}],
              "usage": {"prompt_tokens": 19, "completion_tokens": 20, "total_tokens": 39,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                  "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}},
              "service_tier": "default",
              "system_fingerprint": "fp_06737a9306"
            }""".getBytes(StandardCharsets.UTF_8);

    /** A Gemini generateContent answer (the documented shape). */
    static final byte[] GEMINI_RESPONSE = """
            {"candidates":[{"content":{"parts":[{"text":"Hello! How can I help you today?"}],"role":"model"},\
            "finishReason":"STOP","avgLogprobs":-0.0212,"safetyRatings":[{"category":"HARM_CATEGORY_HATE_SPEECH",\
            "probability":"NEGLIGIBLE"}]}],"usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":9,\
            "totalTokenCount":21,"promptTokensDetails":[{"modality":"TEXT","tokenCount":12}]},\
            "modelVersion":"gemini-2.5-flash","responseId":"mAitaJ7bHq-KkdUPq5PY0Ac"}""".getBytes(StandardCharsets.UTF_8);

    /** Anthropic's model in the Anthropic payloads (the latency benchmark's, bench/upstream/anthropic.*). */
    static final String ANTHROPIC_MODEL = "claude-3-5-haiku-20241022";

    /**
     * Events of {@link #anthropicStream()}: message_start, content_block_start, ping, 18 text
     * content_block_deltas, content_block_stop, message_delta, message_stop.
     */
    static final int ANTHROPIC_STREAM_EVENTS = 24;

    /**
     * Anthropic Messages SSE, the same events as bench/upstream/anthropic.sse: the role chunk,
     * 18 content chunks, the finish chunk (and the usage chunk when asked) on the OpenAI side.
     */
    static byte[] anthropicStream() {
        StringBuilder sb = new StringBuilder();
        sse(
                sb,
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"" + ANTHROPIC_MODEL
                        + "\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}");
        sse(
                sb,
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        sse(sb, "ping", "{\"type\":\"ping\"}");
        for (int i = 1; i <= 18; i++) {
            sse(
                    sb,
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,"
                            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"word" + i + " \"}}");
        }
        sse(sb, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        sse(
                sb,
                "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":18}}");
        sse(sb, "message_stop", "{\"type\":\"message_stop\"}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void sse(StringBuilder sb, String event, String data) {
        sb.append("event: ").append(event).append("\ndata: ").append(data).append("\n\n");
    }

    /** An Anthropic Messages answer (bench/upstream/anthropic.json). */
    static final byte[] ANTHROPIC_RESPONSE = """
            {"id":"msg_bench","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022",\
            "content":[{"type":"text","text":"Hello! How can I help you today?"}],"stop_reason":"end_turn",\
            "stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":9}}""".getBytes(StandardCharsets.UTF_8);

    /** A Bedrock model id, the one of BedrockResponseGoldenTest's and BedrockStreamTest's cases. */
    static final String BEDROCK_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

    /**
     * Messages of {@link #bedrockStream()}: messageStart, 18 contentBlockDeltas, contentBlockStop,
     * messageStop, metadata.
     */
    static final int BEDROCK_STREAM_EVENTS = 22;

    /**
     * A Bedrock ConverseStream body ({@code application/vnd.amazon.eventstream}), the events shaped
     * as in the gateway's conformance case conformance/bedrock/stream-text: the role chunk, 18 content chunks,
     * the finish chunk and (when asked) the usage chunk on the OpenAI side.
     */
    static byte[] bedrockStream() {
        EventStreamEncoder out = new EventStreamEncoder();
        out.event("messageStart", "{\"role\":\"assistant\"}");
        for (int i = 1; i <= 18; i++) {
            out.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"word" + i + " \"}}");
        }
        out.event("contentBlockStop", "{\"contentBlockIndex\":0}");
        out.event("messageStop", "{\"stopReason\":\"end_turn\"}");
        out.event(
                "metadata",
                "{\"usage\":{\"inputTokens\":12,\"outputTokens\":18,\"totalTokens\":30},"
                        + "\"metrics\":{\"latencyMs\":312}}");
        return out.toByteArray();
    }

    /** A Bedrock Converse answer (the shape of the gateway's conformance case conformance/bedrock/answer-text). */
    static final byte[] BEDROCK_RESPONSE = """
            {"output":{"message":{"role":"assistant","content":[{"text":"Hello! How can I help you today?"}]}},\
            "stopReason":"end_turn","usage":{"inputTokens":12,"outputTokens":9,"totalTokens":21},\
            "metrics":{"latencyMs":312}}""".getBytes(StandardCharsets.UTF_8);

    /** The text the 18 content chunks of the Anthropic and Bedrock streams add up to: "word1 word2 … word18 ". */
    static String streamText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 18; i++) {
            sb.append("word").append(i).append(' ');
        }
        return sb.toString();
    }

    static final RequestParser PARSER = new RequestParser(Json.MAPPER);

    static ChatRequest chat(String json) {
        return PARSER.parse("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static ProviderCall call(String provider, ChatRequest request) {
        Target target =
                new Target(provider, "key", null, null, new EnumMap<>(ProviderOption.class), null, Map.of(), true);
        return new ProviderCall(request, target, "trace-bench", Instant.ofEpochSecond(1_767_225_600L));
    }
}
