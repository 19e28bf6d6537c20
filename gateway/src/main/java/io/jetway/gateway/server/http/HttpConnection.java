package io.jetway.gateway.server.http;

import io.jetway.gateway.core.ErrorBodies;
import io.jetway.gateway.core.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * One client connection, served by the thread that reads it: read a head, run the handler, answer,
 * and again while the connection is kept alive. Requests on one connection are served in order
 * (pipelined ones too: their bytes wait in the buffer).
 *
 * <p>The connection closes after a response when the client asked for it ({@code Connection: close},
 * or HTTP/1.0 without {@code keep-alive}), after a {@link ProtocolError} (answered first), when the
 * handler left more than {@link ServerLimits#MAX_DRAIN} bytes of the body unread (or an unread
 * chunked body runs past it), when a response was cut short ({@link ConnectionAbort}) or a write failed,
 * and when no next request begins within the keep-alive timeout.
 */
final class HttpConnection implements Runnable {

    private static final System.Logger LOG = System.getLogger(HttpConnection.class.getName());
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicLong IDS = new AtomicLong();

    private final Socket socket;
    private final ServerLimits limits;
    private final HttpHandler handler;
    private final Runnable onClose;
    private final long acceptedAt;
    private final ReadDeadlines deadlines;

    HttpConnection(
            Socket socket,
            ServerLimits limits,
            HttpHandler handler,
            ReadDeadlines deadlines,
            Runnable onClose,
            long acceptedAt) {
        this.socket = socket;
        this.deadlines = deadlines;
        this.limits = limits;
        this.handler = handler;
        this.onClose = onClose;
        this.acceptedAt = acceptedAt;
    }

    @Override
    public void run() {
        boolean reset = false;
        ConnectionInput input = null;
        ConnectionOutput output = null;
        try {
            socket.setTcpNoDelay(true);
            input = new ConnectionInput(socket);
            deadlines.add(input);
            output = new ConnectionOutput(socket, limits.writeTimeout().toNanos());
            deadlines.add(output);
            OutputStream out = output;
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
            long headNanos = limits.headerTimeout().toNanos();
            boolean first = true;
            while (true) {
                RequestHead head;
                try {
                    head = first
                            ? input.readHead(acceptedAt + headNanos, 0)
                            : input.readHead(
                                    System.nanoTime()
                                            + limits.keepAliveTimeout().toNanos(),
                                    headNanos);
                } catch (ProtocolError e) {
                    refuse(out, e);
                    return;
                }
                first = false;
                if (head == null) {
                    return; // closed or idle: nothing was asked
                }
                Outcome outcome = serve(head, input, out, remote, local);
                if (outcome == Outcome.RESET) {
                    reset = true;
                    return;
                }
                if (outcome == Outcome.CLOSE) {
                    linger();
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection ended: {0}", e.toString());
        } finally {
            if (input != null) {
                deadlines.remove(input);
            }
            if (output != null) {
                deadlines.remove(output);
            }
            close(reset);
            onClose.run();
        }
    }

    private enum Outcome {
        KEEP_ALIVE,
        CLOSE,
        RESET
    }

    private Outcome serve(
            RequestHead head,
            ConnectionInput input,
            OutputStream out,
            InetSocketAddress remote,
            InetSocketAddress local)
            throws IOException {
        if (head.contentLength() > limits.maxBodyBytes()) {
            refuse(
                    out,
                    new ProtocolError(
                            413,
                            "The request body is larger than " + limits.maxBodyBytes() + " bytes.",
                            "request_too_large"));
            return Outcome.CLOSE;
        }
        BodyInput body = new BodyInput(
                input,
                head,
                limits,
                head.expectContinue()
                        ? () -> {
                            out.write(CONTINUE);
                            out.flush();
                        }
                        : null);
        List<String> names = head.names();
        List<String> values = head.values();
        InputStream decoded = body;
        if (head.contentEncoding() != null && !head.contentEncoding().strip().equalsIgnoreCase("identity")) {
            try {
                decoded = decoder(head.contentEncoding(), body);
            } catch (ProtocolError e) {
                refuse(out, e);
                return Outcome.CLOSE;
            }
            names = new ArrayList<>(names.size());
            values = new ArrayList<>(names.size());
            for (int i = 0; i < head.names().size(); i++) {
                String n = head.names().get(i);
                if (!n.equalsIgnoreCase("content-encoding") && !n.equalsIgnoreCase("content-length")) {
                    names.add(n);
                    values.add(head.values().get(i));
                }
            }
        }
        HttpRequest request = new HttpRequest(head, names, values, decoded, remote, local, IDS.incrementAndGet());
        HttpResponse response = new HttpResponse(
                out, head.http10(), head.keepAlive(), head.method().equals("HEAD"));
        try {
            handler.handle(request, response);
        } catch (ConnectionAbort abort) {
            return head.http10() && response.started() ? Outcome.RESET : Outcome.CLOSE;
        } catch (ProtocolError e) {
            if (!response.started()) {
                response.closeConnection();
                sendError(response, e.status(), e.getMessage(), e.code());
            }
            return Outcome.CLOSE;
        } catch (IOException e) {
            // A write to the client failed, or its body could not be read: it is gone or broken.
            return Outcome.CLOSE;
        } catch (Exception | Error e) {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure serving " + head.method() + " " + head.path(), e);
            if (response.started()) {
                return Outcome.CLOSE;
            }
            response.closeConnection();
            sendError(response, 500, "The gateway failed unexpectedly; the failure is logged. Please retry.", null);
            return Outcome.CLOSE;
        }
        if (!response.started()) {
            response.send(new byte[0]);
        } else if (!response.done()) {
            return Outcome.CLOSE; // a stream the handler left open: its end is unknown to the client
        }
        if (!response.keepAlive()) {
            return Outcome.CLOSE;
        }
        return body.drain(ServerLimits.MAX_DRAIN) ? Outcome.KEEP_ALIVE : Outcome.CLOSE;
    }

    /** Answers a request the server refused itself, then the connection closes. */
    private void refuse(OutputStream out, ProtocolError e) {
        HttpResponse response = new HttpResponse(out, false, false, false);
        try {
            sendError(response, e.status(), e.getMessage(), e.code());
            linger();
        } catch (IOException | RuntimeException ignored) {
            // The client is gone.
        }
    }

    /**
     * Closes gently: the answer is on its way, so the output is shut down (the client reads it to its
     * end), then whatever the client still sends (the rest of a body nobody read, a pipelined request)
     * is read and dropped for a moment before the close. Closing with request bytes unread makes the
     * kernel send a reset, which can destroy the answer in the client's buffers before it is read
     * (nginx's lingering close does the same). Ends at the client's close, or after a second.
     */
    private void linger() {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(200);
            InputStream in = socket.getInputStream();
            byte[] skip = new byte[8192];
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (in.read(skip) < 0) {
                    break;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // The client is gone, or was slow to close: closing now.
        }
    }

    private static void sendError(HttpResponse response, int status, String message, String code) throws IOException {
        String type = switch (status) {
            case 408 -> GatewayException.TIMEOUT;
            case 500 -> GatewayException.SERVER;
            default -> GatewayException.INVALID_REQUEST;
        };
        response.status(status);
        response.header("Content-Type", "application/json");
        response.send(ErrorBodies.json(new GatewayException(status, type, message, null, code)));
    }

    /**
     * The decoded body for a {@code Content-Encoding} the server reads (gzip, deflate), bounded by the body
     * limit after decoding; another encoding is a 415 that says what to send. Nothing of the body is read
     * here: the decoder starts at the handler's first read (which comes after authentication).
     */
    private InputStream decoder(String encoding, InputStream body) {
        String e = encoding.strip().toLowerCase(Locale.ROOT);
        return switch (e) {
            case "gzip", "x-gzip", "deflate" -> new Decoded(e, body, limits.maxBodyBytes());
            default ->
                throw new ProtocolError(
                        415,
                        "Content-Encoding '" + (e.length() > 40 ? e.substring(0, 40) : e)
                                + "' is not supported: send the body uncompressed, or with gzip or deflate.",
                        "unsupported_content_encoding");
        };
    }

    /** A decoded body, held to the body limit (a small compressed body can decode to a huge one). */
    private static final class Decoded extends InputStream {
        private final String encoding;
        private final InputStream raw;
        private final long max;
        private InputStream in;
        private long read;

        Decoded(String encoding, InputStream raw, long max) {
            this.encoding = encoding;
            this.raw = raw;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                if (in == null) {
                    in = encoding.equals("deflate")
                            ? new InflaterInputStream(raw, new Inflater(), 8192)
                            : new GZIPInputStream(raw, 8192);
                }
                n = in.read(b, off, len);
            } catch (ZipException z) {
                throw RequestHead.malformed("its body is not valid " + encoding);
            } catch (java.io.EOFException eof) {
                throw RequestHead.malformed("its " + encoding + " body ends early");
            }
            if (n > 0 && (read += n) > max) {
                throw new ProtocolError(
                        413, "The request body is larger than " + max + " bytes once decoded.", "request_too_large");
            }
            return n;
        }
    }

    private void close(boolean reset) {
        try {
            if (reset) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }
}
