package io.jetway.gateway.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Facts a pipeline step adds to its request's log entry, attached to the exchange under this type:
 * they are logged as metadata keys next to the caller's {@code x-portkey-metadata} (the caller's keys
 * win), so they can be searched like metadata ({@code GET /v1/admin/logs?metadata.<key>=…}).
 */
public final class RequestLogNotes {

    private final Map<String, String> notes = new LinkedHashMap<>(4);

    public void put(String key, String value) {
        notes.put(key, value);
    }

    public Map<String, String> notes() {
        return notes;
    }

    /** {@code metadata} with the notes added under keys it does not have. */
    public Map<String, String> addTo(Map<String, String> metadata) {
        Map<String, String> out = new LinkedHashMap<>(notes);
        out.putAll(metadata);
        return out;
    }
}
