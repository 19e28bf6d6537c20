package io.jetway.gateway.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.Endpoint;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.core.EffectiveRequest;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Anthropic's Messages through a provider's chat translation, for one request: the Messages body is
 * mapped to a chat request once ({@link MessagesRequestMapper}), the provider prepares, answers and
 * streams it as it does chat, and the answer comes back as a message ({@link MessagesAnswerMapper})
 * or as Anthropic's event sequence ({@link MessagesStream}). Errors are the provider's own (the
 * server writes them in Anthropic's shape). The config's {@code override_params} were applied to the
 * Messages body ({@link EffectiveRequest}) before the mapping, so the chat request carries them.
 */
public final class TranslatedMessages implements Provider {

    private final Provider chat;
    private final ChatRequest request;
    private final EffectiveRequest effective;
    private final List<String> dropped;

    private TranslatedMessages(Provider chat, ChatRequest request, List<String> dropped) {
        this.chat = chat;
        this.request = request;
        this.effective = EffectiveRequest.of(request, null);
        this.dropped = dropped;
    }

    /**
     * @param call the Messages call ({@link Endpoint#MESSAGES})
     * @throws GatewayException 400 when the Messages body cannot be said as a chat request
     */
    public static TranslatedMessages over(Provider chat, ProviderCall call) {
        MessagesRequestMapper.Mapped mapped = MessagesRequestMapper.map(call.effective().mutableTree(),
                call.request().stream());
        CreateChatCompletionRequest typed;
        try {
            typed = Json.MAPPER.treeToValue(mapped.chat(), CreateChatCompletionRequest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw GatewayException.invalidRequest("The message request cannot be translated for the provider "
                    + chat.id() + ": " + (e instanceof JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage()), "messages");
        }
        byte[] raw;
        try {
            raw = Json.MAPPER.writeValueAsBytes(mapped.chat());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new TranslatedMessages(chat, new ChatRequest(raw, typed, List.of()), mapped.dropped());
    }

    /** The chat request the provider gets (for tests and the request log). */
    public ChatRequest chatRequest() {
        return request;
    }

    /** This request as a chat call, with the Messages call's target and facts recorder. */
    private ProviderCall chat(ProviderCall call) {
        return new ProviderCall(request, call.target(), call.traceId(), call.receivedAt(), effective, call.facts());
    }

    @Override
    public String id() {
        return chat.id();
    }

    @Override
    public Set<Endpoint> endpoints() {
        return Set.of(Endpoint.MESSAGES);
    }

    @Override
    public boolean supportsN(ProviderCall call) {
        return true;
    }

    @Override
    public boolean messagesNative(ProviderCall call) {
        return true;
    }

    /** The provider's chat call, with the Messages fields the chat request could not carry named as dropped. */
    @Override
    public ProviderRequest prepareMessages(ProviderCall call) {
        ProviderRequest prepared = chat.prepare(chat(call));
        if (dropped.isEmpty()) {
            return prepared;
        }
        List<String> all = new ArrayList<>(dropped);
        all.addAll(prepared.droppedParams());
        return new ProviderRequest(prepared.uri(), prepared.headers(), prepared.body(), all);
    }

    @Override
    public byte[] mapMessages(ProviderCall call, byte[] upstreamBody) {
        return MessagesAnswerMapper.map(chat.mapResponse(chat(call), upstreamBody));
    }

    @Override
    public ChunkSource openMessagesStream(ProviderCall call, UpstreamRequest upstreamRequest, UpstreamResponse response) {
        return new MessagesStream(chat.openStream(chat(call), upstreamRequest, response), "msg_" + call.traceId(),
                request.model());
    }

    @Override
    public GatewayException mapError(ProviderCall call, int status, byte[] body, Function<String, String> headers) {
        return chat.mapError(chat(call), status, body, headers);
    }

    @Override
    public ProviderRequest prepare(ProviderCall call) {
        throw new UnsupportedOperationException("a translated Messages call is prepared as Messages");
    }

    @Override
    public byte[] mapResponse(ProviderCall call, byte[] upstreamBody) {
        throw new UnsupportedOperationException("a translated Messages answer is mapped as Messages");
    }

    @Override
    public ChunkSource openStream(ProviderCall call, UpstreamRequest upstreamRequest, UpstreamResponse response) {
        throw new UnsupportedOperationException("a translated Messages stream is opened as Messages");
    }
}
