package io.jetway.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server in a process of its own whose open-files limit is small ({@code ulimit -n}), as a
 * probe of the old server found it: out of file descriptors, Helidon's listener logged "Too many open
 * files … this server socket is terminating now" and never listened again.
 */
class FileDescriptorExhaustionTest {

    /** The child process: serves until its standard input closes; prints its port first. */
    public static void main(String[] args) throws Exception {
        ServerLimits defaults = ServerLimits.fromEnv(Map.of(), 1024)
                .withTimeouts(
                        Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
        ServerLimits limits = args.length > 0 ? defaults.withMaxConnections(Integer.parseInt(args[0])) : defaults;
        try (HttpServer server = HttpServer.start(
                "127.0.0.1",
                0,
                limits,
                (req, res) -> res.send(("served " + limits.maxConnections()).getBytes(StandardCharsets.US_ASCII)))) {
            System.out.println(server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our input
            }
            System.out.println("accept failures survived: " + server.acceptFailures());
        }
    }

    private record Child(Process process, BufferedReader out, int port) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (process.isAlive()) {
                stop();
            }
        }

        /** Stops the child; its last line (the accept failures it survived). */
        String stop() throws IOException {
            process.getOutputStream().close();
            String last = out.readLine();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            return last;
        }
    }

    private static Child child(int openFiles, String... args) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for ulimit");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                "/bin/bash",
                "-c",
                "ulimit -n " + openFiles + " && exec \"$0\" -Xshare:auto -XX:TieredStopAtLevel=1 -cp \"$1\" "
                        + FileDescriptorExhaustionTest.class.getName() + " \"${@:2}\"",
                java,
                System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String port = out.readLine();
        if (port == null) {
            p.destroyForcibly();
            throw new IOException("the child server did not start");
        }
        return new Child(p, out, Integer.parseInt(port.strip()));
    }

    private static RawConnection.Answer get(int port) throws IOException {
        try (RawConnection c = new RawConnection(port)) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            return c.read();
        }
    }

    @Test
    void theAcceptLoopSurvivesRunningOutOfFileDescriptorsAndServesAgainAfter() throws Exception {
        // No connection cap to protect it: 700 idle connections against 600 descriptors run it out.
        try (Child server = child(600, "100000")) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 700; i++) {
                    idle.add(new Socket("127.0.0.1", server.port()));
                }
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
            // The listener is still there: once descriptors are free again, requests are served.
            long deadline = System.nanoTime() + 10_000_000_000L;
            RawConnection.Answer answer = null;
            while (answer == null && System.nanoTime() < deadline) {
                try {
                    answer = get(server.port());
                } catch (IOException stillBusy) {
                    // the backlog of closed connections is being worked through
                }
            }
            assertTrue(answer != null, "the server never answered again");
            assertEquals(200, answer.status());
        }
    }

    @Test
    void byDefaultTheConnectionCapShedsLoadWith503sBeforeDescriptorsRunOut() throws Exception {
        try (Child server = child(600)) {
            List<Socket> idle = new ArrayList<>();
            try {
                // The default cap under 600 descriptors is (600 - 128) / 2 = 236 connections.
                for (int i = 0; i < 700; i++) {
                    idle.add(new Socket("127.0.0.1", server.port()));
                }
                // Over the cap, connections are answered 503 (at most 64 at a time; beyond that, and while
                // those answers go out, closed unanswered), so a client gets a 503 soon.
                RawConnection.Answer busy = null;
                long until = System.nanoTime() + 10_000_000_000L;
                while (busy == null && System.nanoTime() < until) {
                    try {
                        busy = get(server.port());
                    } catch (IOException closedUnanswered) {
                        // retried
                    }
                }
                assertTrue(busy != null, "no 503 came");
                assertEquals(503, busy.status());
                assertTrue(busy.body().contains("too_many_connections"), busy.body());
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            RawConnection.Answer answer = null;
            while ((answer == null || answer.status() != 200) && System.nanoTime() < deadline) {
                try {
                    answer = get(server.port());
                } catch (IOException stillBusy) {
                    // closing connections are still being counted down
                }
            }
            assertEquals(200, answer.status());
            assertEquals("served 236", answer.body());
            assertEquals("accept failures survived: 0", server.stop(), "the cap should have kept descriptors free");
        }
    }
}
