package io.jetway.gateway.requests;

import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec's constraints (the jakarta.validation annotations generated from {@code openapi.yaml})
 * compiled once per class into direct checks, answering one question: does a parsed body break
 * none of them? Bean Validation's engine costs about 7 µs and 19 KB per chat request (JMH
 * {@code RequestParsingBench.validationOnly}); this walk costs a fraction of that and allocates
 * nothing.
 *
 * <p>Contract: {@link #surelySatisfied} returns true only when Hibernate Validator would report no
 * violation. Whatever it cannot decide exactly — an annotation it does not know, a class-level
 * constraint, a floating-point bound that is not an exact double, NaN, a graph deeper than
 * {@link #MAX_DEPTH} — makes it return false, and the caller then asks Hibernate Validator, which
 * also words every violation. A false is therefore never wrong, only slower.
 *
 * <p>Where constraints are read matches Hibernate Validator's defaults: declared fields and
 * JavaBeans getters ({@code getX}/{@code isX}) of the class, its superclasses and its interfaces;
 * {@code @Valid} on a property or on its container's element type cascades into the value, the
 * elements of an {@link Iterable} or array, or the values of a {@link Map}. Classes of the JDK
 * carry no constraints and are not entered.
 */
final class SpecConstraints {

    /** Deeper graphs are left to Hibernate Validator (request bodies are depth-limited long before). */
    static final int MAX_DEPTH = 64;

    private final ClassValue<Plan> plans = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return Plan.of(type);
        }
    };

    /** True only when {@code root} breaks none of its constraints (see the class's contract). */
    boolean surelySatisfied(Object root) {
        return root == null || satisfied(root, 0);
    }

    /** Whether the plan of {@code type} is decided here entirely (no fallback to Hibernate Validator for it). */
    boolean decidesItself(Class<?> type) {
        return !plans.get(type).undecidable;
    }

    private boolean satisfied(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        Plan plan = plans.get(value.getClass());
        if (plan.undecidable) {
            return false;
        }
        for (Property p : plan.properties) {
            Object v;
            try {
                v = p.getter.invoke(value);
            } catch (Throwable e) {
                return false;
            }
            if (v == null) {
                if (p.notNull) {
                    return false;
                }
                continue;
            }
            if (!p.bounds(v)) {
                return false;
            }
            if (p.cascade && !cascade(v, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private boolean cascade(Object v, int depth) {
        if (v instanceof Iterable<?> elements) {
            for (Object e : elements) {
                if (e != null && !satisfied(e, depth)) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof Map<?, ?> map) {
            for (Object e : map.values()) {
                if (e != null && !satisfied(e, depth)) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof Object[] array) {
            for (Object e : array) {
                if (e != null && !satisfied(e, depth)) {
                    return false;
                }
            }
            return true;
        }
        return satisfied(v, depth);
    }

    /** One class's checks: its constrained or cascaded properties, or undecidable. */
    private record Plan(List<Property> properties, boolean undecidable) {

        static final Plan EMPTY = new Plan(List.of(), false);
        static final Plan UNDECIDABLE = new Plan(List.of(), true);

        static Plan of(Class<?> type) {
            if (type.isPrimitive() || type.isArray() || type.getName().startsWith("java.") || type.isEnum()) {
                return EMPTY;
            }
            try {
                Map<String, Property.Builder> byName = new LinkedHashMap<>();
                for (Class<?> c : hierarchy(type)) {
                    if (isConstrained(c.getDeclaredAnnotations())) {
                        return UNDECIDABLE; // class-level constraints
                    }
                    for (Field f : c.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                            collect(byName, f.getName(), f, f.getAnnotatedType(), () -> fieldReader(f));
                        }
                    }
                    for (Method m : c.getDeclaredMethods()) {
                        String property = getterProperty(m);
                        if (property != null) {
                            collect(byName, property, m, m.getAnnotatedReturnType(), () -> getterReader(m));
                        }
                    }
                }
                List<Property> properties = new ArrayList<>();
                for (Property.Builder b : byName.values()) {
                    if (b.undecidable) {
                        return UNDECIDABLE;
                    }
                    if (b.constrained()) {
                        properties.add(b.build());
                    }
                }
                return properties.isEmpty() ? EMPTY : new Plan(List.copyOf(properties), false);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return UNDECIDABLE;
            }
        }

        private static List<Class<?>> hierarchy(Class<?> type) {
            List<Class<?>> all = new ArrayList<>();
            List<Class<?>> queue = new ArrayList<>(List.of(type));
            while (!queue.isEmpty()) {
                Class<?> c = queue.remove(0);
                if (c == null || c == Object.class || c.getName().startsWith("java.") || all.contains(c)) {
                    continue;
                }
                all.add(c);
                queue.add(c.getSuperclass());
                queue.addAll(List.of(c.getInterfaces()));
            }
            return all;
        }

        /** The JavaBeans property a getter reads, or null for any other method (as Hibernate Validator selects them). */
        private static String getterProperty(Method m) {
            if (Modifier.isStatic(m.getModifiers())
                    || m.isSynthetic()
                    || m.isBridge()
                    || m.getParameterCount() != 0
                    || m.getReturnType() == void.class) {
                return null;
            }
            String n = m.getName();
            if (n.startsWith("get") && n.length() > 3) {
                return decapitalize(n.substring(3));
            }
            if (n.startsWith("is") && n.length() > 2 && m.getReturnType() == boolean.class) {
                return decapitalize(n.substring(2));
            }
            return null;
        }

        private static String decapitalize(String s) {
            return s.length() > 1 && Character.isUpperCase(s.charAt(1))
                    ? s
                    : Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }

        private interface Reader {
            MethodHandle open() throws ReflectiveOperationException;
        }

        private static MethodHandle fieldReader(Field f) throws IllegalAccessException {
            f.setAccessible(true);
            return MethodHandles.lookup().unreflectGetter(f).asType(MethodType.methodType(Object.class, Object.class));
        }

        private static MethodHandle getterReader(Method m) throws IllegalAccessException {
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
        }

        private static void collect(
                Map<String, Property.Builder> byName,
                String name,
                AnnotatedElement element,
                AnnotatedType type,
                Reader reader)
                throws ReflectiveOperationException {
            boolean cascade = element.isAnnotationPresent(Valid.class);
            boolean elementCascade = false;
            if (type instanceof AnnotatedParameterizedType parameterized) {
                for (AnnotatedType argument : parameterized.getAnnotatedActualTypeArguments()) {
                    if (isConstrained(argument.getDeclaredAnnotations()) || nestedAnnotations(argument)) {
                        byName.computeIfAbsent(name, k -> new Property.Builder()).undecidable = true;
                        return;
                    }
                    elementCascade |= argument.isAnnotationPresent(Valid.class);
                }
            }
            List<Annotation> constraints = new ArrayList<>();
            for (Annotation a : element.getDeclaredAnnotations()) {
                if (isConstraint(a.annotationType()) || isRepeatedConstraints(a)) {
                    constraints.add(a);
                }
            }
            if (!cascade && !elementCascade && constraints.isEmpty()) {
                return;
            }
            Property.Builder b = byName.computeIfAbsent(name, k -> new Property.Builder());
            b.cascade |= cascade || elementCascade;
            for (Annotation a : constraints) {
                b.add(a);
            }
            // A property's field and getter hold the same value (true of the generated models and of
            // io.jetway.api.types), so one read serves the constraints of both; the getter's is preferred.
            if (b.reader == null || element instanceof Method) {
                b.reader = reader.open();
            }
        }

        /** Annotations below a container's first type argument (e.g. {@code List<List<@Valid X>>}) are not handled here. */
        private static boolean nestedAnnotations(AnnotatedType argument) {
            if (argument instanceof AnnotatedParameterizedType p) {
                for (AnnotatedType inner : p.getAnnotatedActualTypeArguments()) {
                    if (inner.getDeclaredAnnotations().length > 0 || nestedAnnotations(inner)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean isConstrained(Annotation[] annotations) {
            for (Annotation a : annotations) {
                if (isConstraint(a.annotationType()) || isRepeatedConstraints(a)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isConstraint(Class<? extends Annotation> type) {
            return type.isAnnotationPresent(Constraint.class);
        }

        /** {@code @Pattern.List} and the like: containers of repeated constraints. */
        private static boolean isRepeatedConstraints(Annotation a) {
            Class<?> enclosing = a.annotationType().getEnclosingClass();
            return enclosing != null
                    && enclosing.isAnnotation()
                    && isConstraint(enclosing.asSubclass(Annotation.class));
        }
    }

    /** One property's checks. Null bounds are absent; {@link #bounds} is called with a non-null value. */
    private record Property(
            MethodHandle getter,
            boolean notNull,
            boolean cascade,
            int sizeMin,
            int sizeMax,
            BigDecimal lower,
            boolean lowerInclusive,
            BigDecimal upper,
            boolean upperInclusive,
            java.util.regex.Pattern pattern) {

        boolean bounds(Object v) {
            if (sizeMin > 0 || sizeMax < Integer.MAX_VALUE) {
                int size;
                if (v instanceof CharSequence s) {
                    size = s.length();
                } else if (v instanceof Collection<?> c) {
                    size = c.size();
                } else if (v instanceof Map<?, ?> m) {
                    size = m.size();
                } else if (v instanceof Object[] a) {
                    size = a.length;
                } else {
                    return false;
                }
                if (size < sizeMin || size > sizeMax) {
                    return false;
                }
            }
            if (lower != null || upper != null) {
                if (!within(v)) {
                    return false;
                }
            }
            return pattern == null
                    || (v instanceof CharSequence s && pattern.matcher(s).matches());
        }

        private boolean within(Object v) {
            BigDecimal d;
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                d = BigDecimal.valueOf(((Number) v).longValue());
            } else if (v instanceof Double || v instanceof Float) {
                double x = ((Number) v).doubleValue();
                if (Double.isNaN(x) || Double.isInfinite(x)) {
                    return false;
                }
                // Exact: the bounds are checked at build time to be exact doubles (Plan.of), so no
                // decimal rounding can put a value on the other side of one.
                d = new BigDecimal(x);
            } else if (v instanceof BigDecimal b) {
                d = b;
            } else if (v instanceof BigInteger i) {
                d = new BigDecimal(i);
            } else {
                return false;
            }
            if (lower != null) {
                int c = d.compareTo(lower);
                if (c < 0 || (c == 0 && !lowerInclusive)) {
                    return false;
                }
            }
            if (upper != null) {
                int c = d.compareTo(upper);
                return c < 0 || (c == 0 && upperInclusive);
            }
            return true;
        }

        static final class Builder {
            MethodHandle reader;
            boolean notNull;
            boolean cascade;
            boolean undecidable;
            int sizeMin;
            int sizeMax = Integer.MAX_VALUE;
            BigDecimal lower;
            boolean lowerInclusive = true;
            BigDecimal upper;
            boolean upperInclusive = true;
            java.util.regex.Pattern pattern;

            boolean constrained() {
                return notNull
                        || cascade
                        || sizeMin > 0
                        || sizeMax < Integer.MAX_VALUE
                        || lower != null
                        || upper != null
                        || pattern != null;
            }

            void add(Annotation a) {
                if (hasGroups(a)) {
                    undecidable = true;
                    return;
                }
                switch (a) {
                    case NotNull n -> notNull = true;
                    case Size s -> {
                        sizeMin = Math.max(sizeMin, s.min());
                        sizeMax = Math.min(sizeMax, s.max());
                    }
                    case Min m -> lower(BigDecimal.valueOf(m.value()), true);
                    case Max m -> upper(BigDecimal.valueOf(m.value()), true);
                    case DecimalMin m -> lower(new BigDecimal(m.value()), m.inclusive());
                    case DecimalMax m -> upper(new BigDecimal(m.value()), m.inclusive());
                    case Pattern p
                    when p.flags().length == 0 && pattern == null ->
                        pattern = java.util.regex.Pattern.compile(p.regexp());
                    default -> undecidable = true;
                }
            }

            private void lower(BigDecimal bound, boolean inclusive) {
                if (lower != null || !exactDouble(bound)) {
                    undecidable = true;
                }
                lower = bound;
                lowerInclusive = inclusive;
            }

            private void upper(BigDecimal bound, boolean inclusive) {
                if (upper != null || !exactDouble(bound)) {
                    undecidable = true;
                }
                upper = bound;
                upperInclusive = inclusive;
            }

            private static boolean exactDouble(BigDecimal bound) {
                double d = bound.doubleValue();
                return !Double.isInfinite(d) && new BigDecimal(d).compareTo(bound) == 0;
            }

            private static boolean hasGroups(Annotation a) {
                try {
                    Object groups = a.annotationType().getMethod("groups").invoke(a);
                    return groups instanceof Class<?>[] g && g.length > 0;
                } catch (ReflectiveOperationException e) {
                    return false;
                }
            }

            Property build() {
                return new Property(
                        reader,
                        notNull,
                        cascade,
                        sizeMin,
                        sizeMax,
                        lower,
                        lowerInclusive,
                        upper,
                        upperInclusive,
                        pattern);
            }
        }
    }
}
