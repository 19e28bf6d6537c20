package io.jetway.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.api.model.AdminDeleted;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import java.util.Locale;

/** What every admin resource answers with: a generated model as JSON, its 404s, 409s and deletions. */
final class AdminAnswers {

    private AdminAnswers() {}

    /** Sends one of the spec's models; admin answers are never cached by intermediaries. */
    static void send(ServerResponse response, int status, Object model) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "admin answer " + model.getClass().getSimpleName() + " does not serialise: "
                            + e.getOriginalMessage(),
                    e);
        }
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(bytes);
    }

    static AdminDeleted deleted(String id, String object) {
        return new AdminDeleted()
                .id(id)
                ._object(AdminDeleted.ObjectEnum.fromValue(object))
                .deleted(true);
    }

    /**
     * 404, with one {@code code} per kind of object: {@code virtual_key_not_found},
     * {@code config_not_found}, {@code api_key_not_found} (the chat endpoint's 400s for an unknown
     * virtual key or stored config use the same codes).
     */
    static GatewayException notFound(String what, String id) {
        return new GatewayException(
                404,
                GatewayException.NOT_FOUND,
                "No " + what + " has the id '" + id + "'.",
                "id",
                what.replace(' ', '_').toLowerCase(Locale.ROOT) + "_not_found");
    }

    static GatewayException conflict(String message) {
        return new GatewayException(409, GatewayException.INVALID_REQUEST, message, "id", "already_exists");
    }
}
