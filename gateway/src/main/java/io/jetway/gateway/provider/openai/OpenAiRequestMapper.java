package io.jetway.gateway.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.FieldScan;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.RequestFields;
import io.jetway.gateway.provider.core.EffectiveRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI-format request body for one provider. Pure. When there are no overrides and the body
 * cannot contain a field to drop or rename, nor an {@code image_url} given as a string (byte
 * searches for the quoted names), the caller's bytes are returned as they are: no parse, no
 * re-serialisation.
 */
public final class OpenAiRequestMapper {

    /** The body to send and the fields that were dropped. */
    public record Mapped(byte[] body, List<String> dropped) {}

    private static final FieldScan IMAGE_URL = FieldScan.of("image_url");

    private final Set<String> excluded;
    private final Map<String, String> renamed;
    private final FieldScan scan;

    public OpenAiRequestMapper(Set<String> excluded, Map<String, String> renamed) {
        this.excluded = Set.copyOf(excluded);
        this.renamed = Map.copyOf(renamed);
        List<String> names = new ArrayList<>(excluded);
        names.addAll(renamed.keySet());
        this.scan = FieldScan.of(names);
    }

    public Mapped map(EffectiveRequest request) {
        byte[] raw = request.caller().raw();
        boolean overridden = request.overridden();
        boolean shorthand = IMAGE_URL.mayContainStringValue(raw);
        if (!overridden && !shorthand && !scan.mayContain(raw)) {
            return new Mapped(raw, List.of());
        }
        ObjectNode tree = request.mutableTree();
        boolean changed = shorthand && expandImageUrls(tree);
        if (!overridden && !changed && !scan.mayContain(raw)) {
            return new Mapped(raw, List.of());
        }
        List<String> dropped = new ArrayList<>(2);
        for (String name : excluded) {
            JsonNode removed = tree.remove(name);
            if (removed != null && !removed.isNull() && !RequestFields.isDefault(name, removed)) {
                dropped.add(name);
            }
        }
        for (Map.Entry<String, String> rename : renamed.entrySet()) {
            JsonNode value = tree.remove(rename.getKey());
            if (value != null && !tree.has(rename.getValue())) {
                tree.set(rename.getValue(), value);
            }
        }
        try {
            return new Mapped(Json.MAPPER.writeValueAsBytes(tree), List.copyOf(dropped));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * Portkey's documented shorthand, an image part's {@code image_url} as the URL string, becomes
     * the object form {@code {"url": …}}, the only one OpenAI's schema takes. Only in the content
     * parts of messages; other fields named {@code image_url} (in {@code metadata}, say) stay.
     *
     * @return whether anything changed
     */
    static boolean expandImageUrls(ObjectNode tree) {
        boolean changed = false;
        for (JsonNode message : tree.path("messages")) {
            for (JsonNode part : message.path("content")) {
                if (part instanceof ObjectNode p
                        && p.path("type").asText().equals("image_url")
                        && p.path("image_url").isTextual()) {
                    String url = p.get("image_url").asText();
                    p.putObject("image_url").put("url", url);
                    changed = true;
                }
            }
        }
        return changed;
    }
}
