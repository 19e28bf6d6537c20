package io.jetway.gateway.requests;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A spec constraint's violation in the caller's terms: the field, what is allowed (both bounds of a
 * range, whichever one was crossed), and what was sent — e.g. {@code temperature must be between 0
 * and 2, not 3}. Written from the constraint's attributes, never from a message template (Hibernate
 * Validator's defaults are EL templates, which a plain interpolator leaves as they are).
 */
final class ConstraintMessages {

    private final Validator validator;
    private final JsonPropertyNames names;
    /** The bounds of each constrained property, by declaring class and JSON name. */
    private final Map<Class<?>, Map<String, Range>> ranges = new ConcurrentHashMap<>();

    ConstraintMessages(Validator validator, JsonPropertyNames names) {
        this.validator = validator;
        this.names = names;
    }

    /** A numeric range: either bound may be missing. */
    private record Range(BigDecimal min, BigDecimal max) {}

    /** The sentence for {@code v}, starting with {@code path} and without a final period. */
    String describe(ConstraintViolation<?> v, String path) {
        ConstraintDescriptor<?> descriptor = v.getConstraintDescriptor();
        Annotation a = descriptor.getAnnotation();
        Object bad = v.getInvalidValue();
        return switch (a) {
            case NotNull ignored -> path + " is required";
            case Min ignored -> path + " must be " + range(v) + ", not " + number(bad);
            case Max ignored -> path + " must be " + range(v) + ", not " + number(bad);
            case DecimalMin ignored -> path + " must be " + range(v) + ", not " + number(bad);
            case DecimalMax ignored -> path + " must be " + range(v) + ", not " + number(bad);
            case Size s -> path + " must " + size(s, bad) + ", not " + count(bad);
            case Pattern p ->
                path + " must match the pattern " + unanchored(p.regexp())
                        + (bad instanceof String s && s.length() < 80 ? ", not \"" + s + "\"" : "");
            default -> path + " is not valid" + (isClean(v.getMessage()) ? ": " + v.getMessage() : "");
        };
    }

    /** "between 0 and 2", "at least 1", "at most 20": from every bound the property has. */
    private String range(ConstraintViolation<?> v) {
        Range r = rangeOf(v);
        if (r.min() != null && r.max() != null) {
            return "between " + plain(r.min()) + " and " + plain(r.max());
        }
        return r.min() != null ? "at least " + plain(r.min()) : "at most " + plain(r.max());
    }

    private Range rangeOf(ConstraintViolation<?> v) {
        Class<?> type = v.getLeafBean().getClass();
        String json = leafName(v.getPropertyPath());
        return ranges.computeIfAbsent(type, this::rangesOf).getOrDefault(json, new Range(null, null));
    }

    private Map<String, Range> rangesOf(Class<?> type) {
        Map<String, Range> out = new ConcurrentHashMap<>();
        for (PropertyDescriptor p : validator.getConstraintsForClass(type).getConstrainedProperties()) {
            BigDecimal min = null;
            BigDecimal max = null;
            for (ConstraintDescriptor<?> c : p.getConstraintDescriptors()) {
                switch (c.getAnnotation()) {
                    case Min m -> min = BigDecimal.valueOf(m.value());
                    case DecimalMin m -> min = new BigDecimal(m.value());
                    case Max m -> max = BigDecimal.valueOf(m.value());
                    case DecimalMax m -> max = new BigDecimal(m.value());
                    default -> {}
                }
            }
            if (min != null || max != null) {
                out.put(names.jsonName(type, p.getPropertyName()), new Range(min, max));
            }
        }
        return out;
    }

    private static String leafName(Path path) {
        String name = null;
        for (Path.Node node : path) {
            name = node.getName();
        }
        return name;
    }

    private static String size(Size s, Object bad) {
        String unit = bad instanceof CharSequence ? " characters" : " items";
        if (s.max() == Integer.MAX_VALUE) {
            return "have at least " + s.min() + unit;
        }
        return s.min() == 0 ? "have at most " + s.max() + unit : "have " + s.min() + " to " + s.max() + unit;
    }

    private static String count(Object bad) {
        return switch (bad) {
            case CharSequence s -> String.valueOf(s.length());
            case Collection<?> c -> String.valueOf(c.size());
            case Map<?, ?> m -> String.valueOf(m.size());
            case null, default -> "that";
        };
    }

    private static String number(Object bad) {
        if (bad instanceof Double || bad instanceof Float) {
            return plain(BigDecimal.valueOf(((Number) bad).doubleValue()));
        }
        return String.valueOf(bad);
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    /** A pattern without its {@code ^…$} anchors (the whole value must match anyway). */
    private static String unanchored(String regexp) {
        String r = regexp.startsWith("^") ? regexp.substring(1) : regexp;
        return r.endsWith("$") ? r.substring(0, r.length() - 1) : r;
    }

    /** Whether a message (a constraint's own, hand-written one) shows no template and no Java name. */
    private static boolean isClean(String message) {
        return message != null
                && !message.contains("{")
                && !message.contains("$")
                && !message.contains("java.")
                && !message.contains("io.jetway");
    }
}
