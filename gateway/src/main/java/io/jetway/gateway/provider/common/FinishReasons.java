package io.jetway.gateway.provider.common;

/** OpenAI's finish reasons, which every provider's stop reasons map onto. */
public final class FinishReasons {

    private FinishReasons() {}

    public enum Reason {
        STOP("stop"),
        LENGTH("length"),
        TOOL_CALLS("tool_calls"),
        CONTENT_FILTER("content_filter"),
        FUNCTION_CALL("function_call");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** The generated model's enum value, for non-stream answers built from the models. */
        public io.jetway.api.model.FinishReason model() {
            return io.jetway.api.model.FinishReason.fromValue(wire);
        }
    }
}
