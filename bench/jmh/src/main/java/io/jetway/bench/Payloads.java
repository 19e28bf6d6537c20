package io.jetway.bench;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.server.RequestParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The payloads the benchmarks map: the same shapes as the latency benchmark's (bench/upstream/),
 * a typical short chat request, and 20-chunk streams.
 */
final class Payloads {

    private Payloads() {
    }

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
        sb.append("data: ").append(c).append("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        for (int i = 1; i <= 18; i++) {
            sb.append("data: ").append(c).append("{\"content\":\"word").append(i)
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
            sb.append("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"word").append(i)
                    .append(" \"}],\"role\": \"model\"},").append(last ? "\"finishReason\": \"STOP\"," : "")
                    .append("\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 12,\"candidatesTokenCount\": ")
                    .append(i).append(",\"totalTokenCount\": ").append(12 + i)
                    .append("},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"mAitaJ7bHq-KkdUPq5PY0Ac\"}\n\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A Gemini generateContent answer (the documented shape). */
    static final byte[] GEMINI_RESPONSE = """
            {"candidates":[{"content":{"parts":[{"text":"Hello! How can I help you today?"}],"role":"model"},\
            "finishReason":"STOP","avgLogprobs":-0.0212,"safetyRatings":[{"category":"HARM_CATEGORY_HATE_SPEECH",\
            "probability":"NEGLIGIBLE"}]}],"usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":9,\
            "totalTokenCount":21,"promptTokensDetails":[{"modality":"TEXT","tokenCount":12}]},\
            "modelVersion":"gemini-2.5-flash","responseId":"mAitaJ7bHq-KkdUPq5PY0Ac"}""".getBytes(StandardCharsets.UTF_8);

    static final RequestParser PARSER = new RequestParser(Json.MAPPER);

    static ChatRequest chat(String json) {
        return PARSER.parse("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static ProviderCall call(String provider, ChatRequest request) {
        Target target = new Target(provider, "key", null, null, new EnumMap<>(ProviderOption.class), null, Map.of(),
                true);
        return new ProviderCall(request, target, "trace-bench", Instant.ofEpochSecond(1_767_225_600L));
    }
}
