package io.jetway.gateway.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.provider.core.EffectiveRequest;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Anthropic's Messages through a provider's chat translation, for one request: the Messages body is
 * mapped to a chat request once ({@link MessagesRequestMapper}), the provider translates it as it
 * does chat ({@link Provider#translate}), and its reader's answer comes back as a message
 * ({@link MessagesAnswerMapper}), its stream as Anthropic's event sequence ({@link MessagesStream});
 * errors are the provider's own (the server writes them in Anthropic's shape). The config's
 * {@code override_params} were applied to the Messages body ({@link EffectiveRequest}) before the
 * mapping, so the chat request carries them.
 */
public final class TranslatedMessages {

    private TranslatedMessages() {}

    /**
     * @param call the Messages call ({@link Endpoint#MESSAGES})
     * @throws GatewayException 400 when the Messages body cannot be said as a chat request, or the
     *                          provider's own 400s for the chat request
     */
    public static Translation translate(Provider chat, ProviderCall call) {
        Chat mapped = chatRequest(chat.id(), call);
        ChatRequest request = mapped.request();
        Translation inner = chat.translate(new ProviderCall(
                request,
                call.target(),
                call.traceId(),
                call.receivedAt(),
                EffectiveRequest.of(request, null),
                call.facts()));
        List<String> dropped = mapped.dropped();
        ProviderRequest prepared = inner.request();
        if (!dropped.isEmpty()) {
            List<String> all = new ArrayList<>(dropped);
            all.addAll(prepared.droppedParams());
            prepared = new ProviderRequest(prepared.uri(), prepared.headers(), prepared.body(), all);
        }
        return Translation.of(prepared, new Reader(inner.reader(), "msg_" + call.traceId(), request.model()));
    }

    /** The chat request a Messages call becomes, and the Messages fields it could not carry. */
    public record Chat(ChatRequest request, List<String> dropped) {}

    /** The chat request a Messages call becomes. */
    public static Chat chatRequest(String provider, ProviderCall call) {
        MessagesRequestMapper.Mapped mapped =
                MessagesRequestMapper.map(call.effective().mutableTree(), call.request().stream());
        CreateChatCompletionRequest typed;
        try {
            typed = Json.MAPPER.treeToValue(mapped.chat(), CreateChatCompletionRequest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw GatewayException.invalidRequest(
                    "The message request cannot be translated for the provider "
                            + provider + ": "
                            + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()),
                    "messages");
        }
        try {
            return new Chat(
                    new ChatRequest(Json.MAPPER.writeValueAsBytes(mapped.chat()), typed, List.of()), mapped.dropped());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chat reader's answers, in Anthropic's terms. */
    private record Reader(Translation.Reader chat, String fallbackId, String model) implements Translation.Reader {

        @Override
        public byte[] answer(byte[] upstreamBody, CallFacts.Recorder facts) {
            return MessagesAnswerMapper.map(chat.answer(upstreamBody, facts));
        }

        @Override
        public ChunkSource stream(UpstreamRequest request, UpstreamResponse response, CallFacts.Recorder facts) {
            return new MessagesStream(chat.stream(request, response, facts), fallbackId, model);
        }

        @Override
        public GatewayException error(int status, byte[] body, Function<String, String> headers) {
            return chat.error(status, body, headers);
        }
    }
}
