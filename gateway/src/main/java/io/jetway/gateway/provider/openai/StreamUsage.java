package io.jetway.gateway.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.FieldScan;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Usage for every OpenAI-format stream, asked or not: the upstream request gets
 * {@code stream_options.include_usage: true} from providers that document it, so that the stream
 * ends with its usage chunk and usage, cost and limits see the tokens. When the caller did not ask
 * for it, the stream's reader records that chunk's usage and leaves the chunk out of the client's
 * stream ({@link OpenAiReader#forRequest}, decided once when the call is translated); the
 * {@code "usage": null} OpenAI then adds to the other chunks is a field the caller's schema already
 * has.
 */
public final class StreamUsage {

    /** Providers whose API reference documents {@code stream_options.include_usage}. */
    static final Set<String> PROVIDERS = Set.of("openai", "groq", "deepseek");

    private static final FieldScan STREAM_OPTIONS = FieldScan.of("stream_options");
    private static final byte[] OPTION = "\"stream_options\":{\"include_usage\":true}".getBytes(StandardCharsets.UTF_8);

    private StreamUsage() {}

    /** Whether the caller asked for the usage chunk. */
    public static boolean asked(ChatRequest request) {
        var options = request.body().getStreamOptions();
        return options != null && Boolean.TRUE.equals(options.getIncludeUsage());
    }

    /**
     * Whether a stream payload is OpenAI's usage-only chunk (a {@code usage} object and an empty
     * {@code choices} array): the one {@code stream_options.include_usage} adds. A lexical look for
     * the key first, then the chunk is read; an unreadable payload is not one.
     */
    public static boolean usageOnly(String payload) {
        if (!OpenAiFacts.hasUsageObject(payload)) {
            return false;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode chunk = Json.MAPPER.readTree(payload);
            return chunk.path("choices").isArray() && chunk.path("choices").isEmpty();
        } catch (IOException unreadable) {
            return false;
        }
    }

    /**
     * {@code body} asking for the usage chunk. Without a {@code stream_options} field the option is
     * spliced in after the opening brace (no parse); otherwise the body is parsed and the option set.
     */
    static byte[] requested(byte[] body) {
        if (!STREAM_OPTIONS.mayContain(body)) {
            int i = 0;
            while (i < body.length && body[i] != '{') {
                i++;
            }
            int j = i + 1;
            while (j < body.length && (body[j] == ' ' || body[j] == '\n' || body[j] == '\r' || body[j] == '\t')) {
                j++;
            }
            if (i < body.length) {
                boolean empty = j < body.length && body[j] == '}';
                byte[] out = new byte[body.length + OPTION.length + (empty ? 0 : 1)];
                System.arraycopy(body, 0, out, 0, i + 1);
                System.arraycopy(OPTION, 0, out, i + 1, OPTION.length);
                int at = i + 1 + OPTION.length;
                if (!empty) {
                    out[at++] = ',';
                }
                System.arraycopy(body, i + 1, out, at, body.length - i - 1);
                return out;
            }
        }
        try {
            ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(body);
            ObjectNode options =
                    tree.path("stream_options") instanceof ObjectNode o ? o : tree.putObject("stream_options");
            options.put("include_usage", true);
            return Json.MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a mapped request body is JSON", e);
        } catch (IOException | ClassCastException e) {
            return body;
        }
    }
}
