package io.jetway.gateway.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.core.FieldScan;
import io.jetway.gateway.core.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI-format request body for one provider. Pure. When there are no overrides and the body
 * cannot contain a field to drop or rename (a byte search for its quoted name), the caller's
 * bytes are returned as they are: no parse, no re-serialisation.
 */
public final class OpenAiRequestMapper {

    /** The body to send and the fields that were dropped. */
    public record Mapped(byte[] body, List<String> dropped) {
    }

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

    public Mapped map(ChatRequest request, ObjectNode overrideParams) {
        byte[] raw = request.raw();
        if (overrideParams == null && !scan.mayContain(raw)) {
            return new Mapped(raw, List.of());
        }
        ObjectNode tree = request.mutableTree();
        if (overrideParams != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = overrideParams.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                tree.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        List<String> dropped = new ArrayList<>(2);
        for (String name : excluded) {
            JsonNode removed = tree.remove(name);
            if (removed != null && !removed.isNull()) {
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


}
