package io.jetway.gateway.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.api.model.ChatCompletionTokenLogprob;
import io.jetway.api.model.ChoiceLogprobs;
import io.jetway.api.model.TopLogprob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A candidate's {@code logprobsResult} (https://ai.google.dev/api/generate-content#LogprobsResult:
 * {@code chosenCandidates} and, per position, {@code topCandidates}) as OpenAI's
 * {@code choices[].logprobs}, with each token's UTF-8 bytes. Pure.
 */
final class GeminiLogprobs {

    private GeminiLogprobs() {}

    /** {@code logprobsResult} → OpenAI's per-token log probabilities, or null when absent. */
    static ChoiceLogprobs of(JsonNode result) {
        if (result == null || !result.isObject()) {
            return null;
        }
        JsonNode chosen = result.path("chosenCandidates");
        JsonNode top = result.path("topCandidates");
        List<ChatCompletionTokenLogprob> content = new ArrayList<>(chosen.size());
        for (int i = 0; i < chosen.size(); i++) {
            JsonNode c = chosen.get(i);
            String token = c.path("token").asText("");
            List<TopLogprob> tops = new ArrayList<>();
            for (JsonNode t : top.path(i).path("candidates")) {
                String topToken = t.path("token").asText("");
                tops.add(new TopLogprob()
                        .token(topToken)
                        .logprob(t.path("logProbability").asDouble())
                        .bytes(bytes(topToken)));
            }
            content.add(new ChatCompletionTokenLogprob()
                    .token(token)
                    .logprob(c.path("logProbability").asDouble())
                    .bytes(bytes(token))
                    .topLogprobs(tops));
        }
        return new ChoiceLogprobs().content(content);
    }

    private static List<Integer> bytes(String token) {
        byte[] utf8 = token.getBytes(StandardCharsets.UTF_8);
        List<Integer> out = new ArrayList<>(utf8.length);
        for (byte b : utf8) {
            out.add(b & 0xFF);
        }
        return out;
    }
}
