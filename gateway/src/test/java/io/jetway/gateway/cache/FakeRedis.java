package io.jetway.gateway.cache;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Redis that misbehaves on purpose, on a real socket: it reads RESP commands, answers the
 * connection's set-up ({@code AUTH}, {@code SELECT}, {@code CLIENT}) with {@code +OK} and every
 * {@code GET} and {@code SET} with the scripted bytes (then closes the connection when told to).
 */
public final class FakeRedis implements AutoCloseable {

    private final ServerSocket server;
    private final byte[] reply;
    private final boolean closeAfterReply;
    public final AtomicInteger commands = new AtomicInteger();

    public FakeRedis(String reply, boolean closeAfterReply) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.reply = reply.getBytes(StandardCharsets.ISO_8859_1);
        this.closeAfterReply = closeAfterReply;
        Thread.ofVirtual().start(this::accept);
    }

    public String url() {
        return "redis://127.0.0.1:" + server.getLocalPort() + "/0";
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                List<String> command = command(in);
                String name = command.get(0).toUpperCase(Locale.ROOT);
                if (name.equals("GET") || name.equals("SET")) {
                    commands.incrementAndGet();
                    out.write(reply);
                    out.flush();
                    if (closeAfterReply) {
                        return;
                    }
                } else {
                    out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (IOException ended) {
            // the client left
        }
    }

    private static List<String> command(InputStream in) throws IOException {
        String head = line(in);
        if (!head.startsWith("*")) {
            throw new IOException("not a RESP command: " + head);
        }
        List<String> args = new ArrayList<>();
        for (int i = Integer.parseInt(head.substring(1)); i > 0; i--) {
            int n = Integer.parseInt(line(in).substring(1));
            args.add(new String(in.readNBytes(n), StandardCharsets.ISO_8859_1));
            line(in);
        }
        return args;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException();
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
