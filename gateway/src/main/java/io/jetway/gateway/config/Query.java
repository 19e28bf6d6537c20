package io.jetway.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.gateway.core.CallerRegex;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/**
 * A conditional-routing query, Portkey's MongoDB-like syntax:
 * {@code {"metadata.plan": {"$eq": "paid"}}}, {@code {"$or": [ … ]}}, {@code {"params.model": "gpt-4o"}}
 * (a plain value means {@code $eq}). Fields are {@code metadata.*} (from {@code x-portkey-metadata})
 * and {@code params.*} (the request body). A missing field matches only {@code $ne} and {@code $nin}.
 * {@code $regex} runs on a linear-time engine with bounded pattern and input ({@link CallerRegex}).
 * https://portkey.ai/docs/product/ai-gateway/conditional-routing
 */
public sealed interface Query {

    /** Evaluates against a field lookup ({@code metadata.plan} → value, or null when absent). */
    boolean matches(Function<String, JsonNode> fields);

    record All(List<Query> parts) implements Query {
        @Override
        public boolean matches(Function<String, JsonNode> fields) {
            for (Query q : parts) {
                if (!q.matches(fields)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Any(List<Query> parts) implements Query {
        @Override
        public boolean matches(Function<String, JsonNode> fields) {
            for (Query q : parts) {
                if (q.matches(fields)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The operators. */
    enum Op {
        EQ,
        NE,
        GT,
        GTE,
        LT,
        LTE,
        IN,
        NIN,
        REGEX
    }

    record Field(String path, Op op, JsonNode operand, CallerRegex regex) implements Query {
        @Override
        public boolean matches(Function<String, JsonNode> fields) {
            JsonNode value = fields.apply(path);
            boolean present = value != null && !value.isMissingNode() && !value.isNull();
            return switch (op) {
                case EQ -> present && same(value, operand);
                case NE -> !present || !same(value, operand);
                case GT -> present && holds(order(value, operand), c -> c > 0);
                case GTE -> present && holds(order(value, operand), c -> c >= 0);
                case LT -> present && holds(order(value, operand), c -> c < 0);
                case LTE -> present && holds(order(value, operand), c -> c <= 0);
                case IN -> present && contains(operand, value);
                case NIN -> !present || !contains(operand, value);
                case REGEX -> present && value.isValueNode() && regex.find(value.asText());
            };
        }

        private static boolean contains(JsonNode list, JsonNode value) {
            for (JsonNode candidate : list) {
                if (same(value, candidate)) {
                    return true;
                }
            }
            return false;
        }

        /** Equal as JSON, or as numbers when both read as numbers (metadata values are strings). */
        static boolean same(JsonNode a, JsonNode b) {
            if (a.equals(b)) {
                return true;
            }
            BigDecimal x = number(a);
            BigDecimal y = number(b);
            if (x != null && y != null) {
                return x.compareTo(y) == 0;
            }
            return a.isValueNode()
                    && b.isValueNode()
                    && !a.isNumber()
                    && !b.isNumber()
                    && a.asText().equals(b.asText());
        }

        private static boolean holds(int order, java.util.function.IntPredicate test) {
            return order != INCOMPARABLE && test.test(order);
        }

        /** Marks values that have no order (e.g. a number against an object): no comparison holds. */
        static final int INCOMPARABLE = Integer.MIN_VALUE;

        /** Numeric when both read as numbers, else by text; {@link #INCOMPARABLE} otherwise. */
        static int order(JsonNode a, JsonNode b) {
            BigDecimal x = number(a);
            BigDecimal y = number(b);
            if (x != null && y != null) {
                return Integer.signum(x.compareTo(y));
            }
            if (a.isTextual() && b.isTextual()) {
                return Integer.signum(a.asText().compareTo(b.asText()));
            }
            return INCOMPARABLE;
        }

        private static BigDecimal number(JsonNode n) {
            if (n.isNumber()) {
                return n.decimalValue();
            }
            if (n.isTextual()) {
                try {
                    return new BigDecimal(n.asText().strip());
                } catch (NumberFormatException notANumber) {
                    return null;
                }
            }
            return null;
        }
    }
}
