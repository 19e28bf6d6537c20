package io.jetway.gateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.FramedChunkSource;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.anthropic.MessagesRelay;
import io.jetway.gateway.provider.bedrock.eventstream.EventStreamMessage;
import io.jetway.gateway.provider.bedrock.sigv4.SigV4;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Anthropic's Messages to Claude on Bedrock, natively, through InvokeModel
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html):
 * {@code POST {base}/model/{modelId}/invoke} (or {@code /invoke-with-response-stream}), signed as
 * chat's calls are. The body is the caller's Messages body without {@code model} (it is in the URL)
 * and {@code stream} (the path says it), with {@code anthropic_version: bedrock-2023-05-31} (unless
 * the caller gave a {@code bedrock-…} version in the body) and the caller's {@code anthropic-beta}
 * flags as {@code anthropic_beta}. The answer is Anthropic's message, relayed; the stream's
 * event-stream {@code chunk} events each carry one Anthropic event, base64-encoded in
 * {@code {"bytes":…}} (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html),
 * relayed as Anthropic's SSE events ({@link Relay}).
 */
final class BedrockMessages {

    /** The {@code anthropic_version} Bedrock requires for the Messages API. */
    static final String VERSION = "bedrock-2023-05-31";

    private BedrockMessages() {}

    /** Claude's model ids and inference profiles ({@code anthropic.claude-…}, {@code us.anthropic.claude-…}, ARNs). */
    static boolean isClaude(String model) {
        return model != null && model.toLowerCase(Locale.ROOT).contains("anthropic.claude");
    }

    static ProviderRequest prepare(ProviderCall call) {
        Target target = call.target();
        String model = call.effective().model();
        String region = BedrockProvider.region(target);
        boolean stream = call.request().stream();
        URI uri = URI.create(BedrockProvider.base(target, region) + "/model/" + SigV4.encode(model)
                + (stream ? "/invoke-with-response-stream" : "/invoke"));
        byte[] body = body(call.effective().mutableTree(), target.option(ProviderOption.ANTHROPIC_BETA));
        Map<String, String> headers = BedrockProvider.signedHeaders(call, uri, region, body);
        return new ProviderRequest(uri, headers, body, List.of());
    }

    /** The InvokeModel body for a Messages body (mutated). */
    static byte[] body(ObjectNode messages, String beta) {
        messages.remove("model");
        messages.remove("stream");
        JsonNode version = messages.get("anthropic_version");
        if (version == null || !version.isTextual() || !version.asText().startsWith("bedrock-")) {
            messages.put("anthropic_version", VERSION);
        }
        if (beta != null && !messages.has("anthropic_beta")) {
            ArrayNode betas = messages.putArray("anthropic_beta");
            for (String flag : beta.split(",")) {
                if (!flag.isBlank()) {
                    betas.add(flag.strip());
                }
            }
        }
        try {
            return Json.MAPPER.writeValueAsBytes(messages);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** InvokeModelWithResponseStream's event-stream messages → Anthropic's SSE events, one each. */
    static final class Relay implements FramedChunkSource.Mapper<EventStreamMessage> {

        private final MessagesRelay relay;

        Relay(CallFacts.Recorder facts) {
            this.relay = new MessagesRelay(facts, BedrockProvider.ID);
        }

        @Override
        public boolean onFrame(EventStreamMessage message, List<String> out) {
            String messageType = message.stringHeader(":message-type");
            if ("exception".equals(messageType)) {
                throw BedrockErrorMapper.fromStreamException(
                        message.stringHeader(":exception-type"), message.payload());
            }
            if (!"chunk".equals(message.stringHeader(":event-type"))) {
                return false; // not a chunk: nothing to relay
            }
            String data = event(message.payload());
            String type = relay.onData(data);
            out.add(MessagesRelay.frame(type, data));
            return type.equals("message_stop");
        }

        @Override
        public GatewayException truncated() {
            return relay.truncated();
        }

        /** The Anthropic event a chunk carries: {@code {"bytes":"<base64 of the event's JSON>"}}. */
        private static String event(byte[] payload) {
            try {
                JsonNode chunk = Json.MAPPER.readTree(payload);
                JsonNode bytes = chunk == null ? null : chunk.get("bytes");
                if (bytes == null || !bytes.isTextual()) {
                    throw GatewayException.badGateway("bedrock sent a stream chunk without its bytes.");
                }
                return new String(Base64.getDecoder().decode(bytes.asText()), StandardCharsets.UTF_8);
            } catch (IOException | IllegalArgumentException e) {
                throw GatewayException.badGateway("bedrock sent a stream chunk that is not base64 JSON.");
            }
        }
    }
}
