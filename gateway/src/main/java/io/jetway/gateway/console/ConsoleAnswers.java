package io.jetway.gateway.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.gateway.core.Json;

/** How the console's resources answer: one of the spec's models, as JSON, never cached. */
final class ConsoleAnswers {

    private ConsoleAnswers() {}

    /** Sends one of the spec's models. */
    static void send(ServerResponse response, Object model) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a console answer does not serialise: " + e.getOriginalMessage(), e);
        }
        response.status(200);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(bytes);
    }
}
