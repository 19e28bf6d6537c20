package io.jetway.gateway.upstream;

import java.io.InputStream;

/** A provider's answer, status and headers read, body not yet. Close it to free the connection. */
public interface UpstreamResponse extends AutoCloseable {

    int status();

    /** First value of a response header (case-insensitive), or null. */
    String header(String name);

    /** Every response header (name as received). Wrappers must delegate it. */
    void forEachHeader(java.util.function.BiConsumer<String, String> action);

    /** The body as it arrives. Read failures surface as {@link java.io.IOException}s or unchecked I/O errors. */
    InputStream body();

    /** The whole body (bounded); failures are mapped to gateway errors. */
    byte[] readAll();

    /**
     * Reads what is left of the body, without waiting, when all of it up to its end is already at
     * hand (typically a finished stream's last bytes: the chunked encoding's end, which arrives with
     * the provider's terminal event). True when the body has ended this way: its connection is free
     * (back in its pool when it can be reused) and nothing was read that a caller still wanted. False,
     * the default, is always safe: ending the body would have to wait (or this client cannot tell).
     * Wrappers must delegate it.
     */
    default boolean endIfBuffered() {
        return false;
    }

    @Override
    void close();
}
