package io.jetway.gateway.requests;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

/**
 * Makes Bean Validation paths use JSON names ({@code max_tokens}, not {@code maxTokens}), so a
 * violation's {@code param} names the field the caller actually sent.
 */
final class JsonPropertyNames implements PropertyNodeNameProvider {

    private final ObjectMapper mapper;
    private final Map<Class<?>, Map<String, String>> cache = new ConcurrentHashMap<>();

    JsonPropertyNames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String getName(Property property) {
        if (property instanceof JavaBeanProperty bean) {
            Map<String, String> names = cache.computeIfAbsent(bean.getDeclaringClass(), this::introspect);
            return names.getOrDefault(bean.getName(), bean.getName());
        }
        return property.getName();
    }

    /** The JSON name of {@code type}'s Java property {@code javaName} (itself when Jackson knows none). */
    String jsonName(Class<?> type, String javaName) {
        return cache.computeIfAbsent(type, this::introspect).getOrDefault(javaName, javaName);
    }

    private Map<String, String> introspect(Class<?> type) {
        BeanDescription description = mapper.getSerializationConfig().introspect(mapper.constructType(type));
        Map<String, String> names = new ConcurrentHashMap<>();
        for (BeanPropertyDefinition p : description.findProperties()) {
            names.put(p.getInternalName(), p.getName());
        }
        return names;
    }
}
