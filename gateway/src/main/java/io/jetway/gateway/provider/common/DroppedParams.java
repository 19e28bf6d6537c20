package io.jetway.gateway.provider.common;

import io.jetway.gateway.core.RequestFields;
import io.jetway.gateway.provider.ProviderCall;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a translating provider reports in {@code x-jetway-dropped-params}: every top-level request
 * field it does not use (each provider says which it uses; the spec's fields and unknown ones alike,
 * so that a field OpenAI adds tomorrow is named too), then what its mapper dropped beyond that
 * (nested fields such as {@code messages[].name}, values it cannot carry out such as a
 * {@code service_tier} it lacks).
 */
public final class DroppedParams {

    private DroppedParams() {
    }

    /**
     * @param used            the top-level fields the provider's mapper reads (and carries out)
     * @param droppedByMapper what the mapper itself reported, in its order
     */
    public static List<String> of(ProviderCall call, Set<String> used, Collection<String> droppedByMapper) {
        Set<String> dropped = new LinkedHashSet<>();
        for (String name : RequestFields.present(call.request(), call.target().overrideParams())) {
            if (!used.contains(name)) {
                dropped.add(name);
            }
        }
        dropped.addAll(droppedByMapper);
        return List.copyOf(dropped);
    }
}
