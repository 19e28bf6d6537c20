package io.jetway.gateway.provider.core;

import io.jetway.api.model.ChatCompletionRequestMessage;
import io.jetway.api.model.ChatCompletionRequestMessageContentPart;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartAudio;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartFile;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartImage;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartText;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.types.MessageContent;
import io.jetway.gateway.core.RequestFields;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a translating provider reports in {@code x-jetway-dropped-params}: every top-level request
 * field it does not use (each provider says which it uses; the spec's fields and unknown ones alike,
 * so that a field OpenAI adds tomorrow is named too), then what its mapper dropped beyond that
 * (nested fields such as {@code messages[].name}, values it cannot carry out such as a
 * {@code service_tier} it lacks). OpenAI's {@code prompt_cache_breakpoint} on content parts is
 * named for every translated provider.
 */
final class DroppedParams {

    private DroppedParams() {}

    /**
     * @param used            the top-level fields the provider's mapper reads (and carries out)
     * @param droppedByMapper what the mapper itself reported, in its order
     */
    static List<String> of(EffectiveRequest request, Set<String> used, Collection<String> droppedByMapper) {
        Set<String> dropped = new LinkedHashSet<>();
        for (String name : RequestFields.present(request.caller(), request.overrides())) {
            if (!used.contains(name)) {
                dropped.add(name);
            }
        }
        if (hasPromptCacheBreakpoint(request.caller().body())) {
            // OpenAI's explicit prompt-cache breakpoints; the translated providers' caches are set otherwise.
            dropped.add("messages[].content[].prompt_cache_breakpoint");
        }
        dropped.addAll(droppedByMapper);
        return List.copyOf(dropped);
    }

    private static boolean hasPromptCacheBreakpoint(CreateChatCompletionRequest body) {
        for (ChatCompletionRequestMessage m : body.getMessages()) {
            MessageContent content = Messages.content(m);
            if (content == null || content.parts() == null) {
                continue;
            }
            for (ChatCompletionRequestMessageContentPart part : content.parts()) {
                Object breakpoint = switch (part) {
                    case ChatCompletionRequestMessageContentPartText t -> t.getPromptCacheBreakpoint();
                    case ChatCompletionRequestMessageContentPartImage i -> i.getPromptCacheBreakpoint();
                    case ChatCompletionRequestMessageContentPartAudio a -> a.getPromptCacheBreakpoint();
                    case ChatCompletionRequestMessageContentPartFile f -> f.getPromptCacheBreakpoint();
                    default -> null;
                };
                if (breakpoint != null) {
                    return true;
                }
            }
        }
        return false;
    }
}
