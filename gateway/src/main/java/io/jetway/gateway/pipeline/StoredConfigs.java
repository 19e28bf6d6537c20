package io.jetway.gateway.pipeline;

import java.util.Optional;

/** Looks up stored configs by id, for {@code x-portkey-config: <id>}. */
@FunctionalInterface
public interface StoredConfigs {

    /** The config's JSON text, or empty when no config has this id. */
    Optional<String> find(String id);

    /** A gateway without a config store. */
    static StoredConfigs none() {
        return id -> Optional.empty();
    }
}
