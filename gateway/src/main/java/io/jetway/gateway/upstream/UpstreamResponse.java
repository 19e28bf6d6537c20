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

    @Override
    void close();
}
