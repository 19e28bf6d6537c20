package io.jetway.gateway.guardrails;

/** When a hook runs: on the request before it leaves ({@code before_request_hooks}), or on the answer. */
public enum Event {
    BEFORE_REQUEST("beforeRequestHook"),
    AFTER_REQUEST("afterRequestHook");

    private final String portkeyName;

    Event(String portkeyName) {
        this.portkeyName = portkeyName;
    }

    /** Portkey's name of the event ({@code eventType}), as sent to webhooks. */
    public String portkeyName() {
        return portkeyName;
    }
}
