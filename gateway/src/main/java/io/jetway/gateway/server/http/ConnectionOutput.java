package io.jetway.gateway.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A connection's output, each write bounded by the write timeout ({@link ReadDeadlines} closes the
 * connection when a write waits longer: the client stopped reading, its buffers and ours are full).
 * A write that succeeds in time costs two volatile writes.
 */
final class ConnectionOutput extends OutputStream implements ReadDeadlines.Watched {

    private final Socket socket;
    private final OutputStream out;
    private final long timeoutNanos;
    private volatile long deadline;

    ConnectionOutput(Socket socket, long timeoutNanos) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        deadline = System.nanoTime() + timeoutNanos;
        try {
            out.write(b, off, len);
        } finally {
            deadline = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public long deadline() {
        return deadline;
    }

    @Override
    public void expire() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway: the blocked write fails.
        }
    }
}
