package io.jetway.bench;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.workersai.WorkersAiProvider;
import io.jetway.gateway.provider.workersai.WorkersAiResponseMapper;
import io.jetway.gateway.provider.workersai.WorkersAiStreamMapper;
import io.jetway.sse.SseDecoder;
import io.jetway.sse.SseEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workers AI (the smallest translating provider): the whole {@code translate} of a Chat Completions
 * request (run URL, headers, body, dropped fields), the run API's answer → chat.completion, and the
 * stream per upstream event (SSE decoding, a JSON tree per event, the OpenAI chunk written, its
 * UTF-8 bytes).
 */
public class WorkersAiBench extends BenchDefaults {

    /** 20 text events, the usage event, {@code [DONE]}. */
    static final int EVENTS = 22;

    private static final byte[] RESPONSE = """
            {"result":{"response":"Hello! How can I help you today? I can answer questions, write, summarise and more.",\
            "usage":{"prompt_tokens":26,"completion_tokens":21,"total_tokens":47}},"success":true,"errors":[],"messages":[]}
            """.getBytes(StandardCharsets.UTF_8);

    private final WorkersAiProvider provider = new WorkersAiProvider();
    private final ProviderCall call = call(
            Payloads.chat(Payloads.CHAT_REQUEST.replace("gpt-4o-mini", "@cf/meta/llama-3.3-70b-instruct-fp8-fast")));
    private final ProviderCall streamCall = call(Payloads.chat(
            Payloads.CHAT_STREAM_REQUEST.replace("gemini-2.5-flash", "@cf/meta/llama-3.3-70b-instruct-fp8-fast")));
    private final AnswerPlan plan = AnswerPlan.of(call);
    private final AnswerPlan streamPlan = AnswerPlan.of(streamCall);
    private final CallFacts.Recorder facts = new CallFacts.Recorder();
    private final byte[] stream = stream();

    @Benchmark
    public Object requestMapping() {
        return provider.translate(call).request();
    }

    @Benchmark
    public byte[] responseMapping() {
        return WorkersAiResponseMapper.map(plan, 64, RESPONSE, facts);
    }

    /** Per upstream event of a 22-event stream, usage chunk included (decoder set-up amortised). */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void streamPerChunk(Blackhole bh) throws IOException {
        SseDecoder decoder = new SseDecoder(new ByteArrayInputStream(stream));
        WorkersAiStreamMapper mapper = new WorkersAiStreamMapper(streamPlan, 64, facts);
        List<String> out = new ArrayList<>(4);
        for (SseEvent event; (event = decoder.next()) != null; ) {
            out.clear();
            mapper.onEvent(event, out);
            for (String payload : out) {
                bh.consume(payload.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static ProviderCall call(ChatRequest request) {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        options.put(ProviderOption.WORKERS_AI_ACCOUNT_ID, "023e105f4ecef8ad9ca31a8372d0c353");
        Target target = new Target(WorkersAiProvider.ID, "key", null, null, options, null, Map.of(), true);
        return new ProviderCall(request, target, "trace-bench", Instant.ofEpochSecond(1_767_225_600L));
    }

    private static byte[] stream() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= EVENTS - 2; i++) {
            sb.append("data: {\"response\":\"token").append(i).append(" \",\"p\":\"abcdefghijkl\"}\n\n");
        }
        sb.append(
                "data: {\"response\":\"\",\"usage\":{\"prompt_tokens\":26,\"completion_tokens\":20,\"total_tokens\":46}}\n\n");
        sb.append("data: [DONE]\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
