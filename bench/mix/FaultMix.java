import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded mix of good, bad and faulty traffic against a running gateway (bench/mix.sh): does any
 * good request get lost while hostile callers and broken upstreams hit the gateway, and do its
 * memory, file descriptors and threads stay flat? Single file, no dependencies.
 *
 * <p>Traffic, each kind at its own fixed rate on its own schedule (open loop), over real loopback
 * connections:
 * <ul>
 *   <li><b>good</b>: a chat completion through the gateway to the real upstream (nginx, fixed
 *       answer), with the gateway key; must be 200 with a {@code chat.completion} body. A good
 *       request that fails in any way is <b>lost</b>.</li>
 *   <li><b>bad</b> (callers' mistakes and attacks): no gateway key with a 2 MB body, malformed JSON,
 *       a catastrophic-backtracking {@code $regex} in a conditional config, an overflowing timeout,
 *       CR/LF in a config value, a custom host with a password, a custom host on an internal
 *       address; must each be a 4xx JSON error.</li>
 *   <li><b>faulty upstream</b>: the gateway routed (custom host) to a fake upstream in this process
 *       that misbehaves on purpose: HTML 200, a body shorter than its Content-Length, bytes beyond its
 *       Content-Length, a body dripped slowly past the request timeout, a connection closed after
 *       the request was read, a 304 and a 302; must be a 5xx or 408 JSON error, never a 200 and
 *       never a 500.</li>
 *   <li><b>abandoned streams</b>: a stream from the fake upstream that sends only SSE comments; the
 *       client reads the headers and leaves. The fake upstream counts how long it stays connected
 *       after the client left.</li>
 * </ul>
 * Every 5 s it samples the gateway process's RSS, open file descriptors and threads from /proc.
 *
 * <pre>
 * java FaultMix.java --gateway http://127.0.0.1:18787 --upstream http://127.0.0.1:18080/v1 \
 *     --pid 1234 --api-key k --seconds 60
 * </pre>
 */
public final class FaultMix {

    private static final byte[] GOOD_BODY = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello!"}],"max_tokens":16}"""
            .getBytes(StandardCharsets.UTF_8);

    private final String gatewayHost;
    private final int gatewayPort;
    private final String upstream;
    private final long pid;
    private final String apiKey;
    private final FaultyUpstream faulty;
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final LongAdder lost = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final List<String> lostSamples = java.util.Collections.synchronizedList(new ArrayList<>());

    private FaultMix(String gateway, String upstream, long pid, String apiKey, FaultyUpstream faulty) {
        java.net.URI u = java.net.URI.create(gateway);
        this.gatewayHost = u.getHost();
        this.gatewayPort = u.getPort();
        this.upstream = upstream;
        this.pid = pid;
        this.apiKey = apiKey;
        this.faulty = faulty;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
        try (FaultyUpstream faulty = new FaultyUpstream()) {
            FaultMix mix = new FaultMix(a.getOrDefault("gateway", "http://127.0.0.1:18787"),
                    a.getOrDefault("upstream", "http://127.0.0.1:18080/v1"), Long.parseLong(a.getOrDefault("pid", "0")),
                    a.getOrDefault("api-key", ""), faulty);
            mix.run(seconds, Double.parseDouble(a.getOrDefault("good-rate", "200")),
                    Double.parseDouble(a.getOrDefault("bad-rate", "40")),
                    Double.parseDouble(a.getOrDefault("faulty-rate", "40")),
                    Double.parseDouble(a.getOrDefault("abandon-rate", "5")));
        }
    }

    private void run(int seconds, double goodRate, double badRate, double faultyRate, double abandonRate)
            throws Exception {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<String> samples = new ArrayList<>();
        samples.add(sample(0));
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Thread> schedules = List.of(
                    schedule("good", goodRate, end, workers, this::good),
                    schedule("bad", badRate, end, workers, this::bad),
                    schedule("faulty", faultyRate, end, workers, this::faulty),
                    schedule("abandon", abandonRate, end, workers, this::abandon));
            for (int s = 5; s <= seconds; s += 5) {
                long due = start + TimeUnit.SECONDS.toNanos(s);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                samples.add(sample(s));
            }
            for (Thread t : schedules) {
                t.join();
            }
        }
        // Let the gateway settle (idle upstream connections reaped, abandoned streams closed), then the last sample.
        Thread.sleep(3_000);
        samples.add(sample(seconds + 3));

        System.out.println("## Fault mix: " + seconds + " s, good " + goodRate + "/s, bad " + badRate + "/s, faulty "
                + faultyRate + "/s, abandoned streams " + abandonRate + "/s");
        System.out.println();
        System.out.println("| kind | outcome | count |");
        System.out.println("|---|---|---:|");
        new TreeMap<>(outcomes).forEach((k, v) -> {
            int bar = k.indexOf('|');
            System.out.println("| " + k.substring(0, bar) + " | " + k.substring(bar + 1) + " | " + v.sum() + " |");
        });
        System.out.println();
        System.out.println("good requests sent " + sent.sum() + ", lost " + lost.sum()
                + (lostSamples.isEmpty() ? "" : " (first: " + lostSamples.subList(0, Math.min(3, lostSamples.size())) + ")"));
        System.out.println("abandoned streams: upstream connections closed by the gateway after the client left: "
                + faulty.abandonedClosed.sum() + " of " + faulty.abandonedOpened.sum()
                + ", the slowest " + faulty.slowestCloseMs.get() + " ms after the stream began (clients leave after ≤ 1 s)");
        System.out.println();
        System.out.println("| t (s) | RSS MB | open fds | threads |");
        System.out.println("|---:|---:|---:|---:|");
        samples.forEach(System.out::println);
        System.out.println("RESULT lost=" + lost.sum() + " status500=" + count("500") + " good=" + sent.sum());
    }

    /** How many answers of any kind had this status. */
    private long count(String status) {
        return outcomes.entrySet().stream().filter(e -> e.getKey().substring(e.getKey().indexOf('|') + 1)
                .startsWith(status)).mapToLong(e -> e.getValue().sum()).sum();
    }

    /** A thread that submits {@code task} at a fixed rate until {@code end}. */
    private Thread schedule(String name, double rate, long end, ExecutorService workers, Runnable task) {
        return Thread.ofPlatform().name("schedule-" + name).start(() -> {
            if (rate <= 0) {
                return;
            }
            long period = (long) (1e9 / rate);
            long next = System.nanoTime();
            while (next < end) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                workers.submit(task);
                next += period;
            }
        });
    }

    private String sample(int t) {
        if (pid <= 0) {
            return "| " + t + " | – | – | – |";
        }
        try {
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            long fds;
            try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                fds = s.count();
            }
            return "| " + t + " | " + rss + " | " + fds + " | " + threads + " |";
        } catch (IOException | RuntimeException e) {
            return "| " + t + " | ? | ? | ? (" + e + ") |";
        }
    }

    // ---------------------------------------------------------------------------------------- traffic

    private void good() {
        sent.increment();
        Answer a = post(GOOD_BODY, Map.of("x-portkey-provider", "openai", "authorization", "Bearer sk-good",
                "x-portkey-custom-host", upstream), false);
        boolean ok = a.status == 200 && a.body.contains("chat.completion");
        record("good", ok ? "200 ok" : a.describe());
        if (!ok) {
            lost.increment();
            if (lostSamples.size() < 10) {
                lostSamples.add(a.describe());
            }
        }
    }

    private static final String[] BAD = {"no-key-2MB", "malformed-json", "redos-config", "timeout-overflow",
            "crlf-config", "password-host", "internal-host"};
    private final AtomicLong badTurn = new AtomicLong();

    private void bad() {
        String kind = BAD[(int) (badTurn.getAndIncrement() % BAD.length)];
        Map<String, String> h = new TreeMap<>(Map.of("x-portkey-provider", "openai", "authorization", "Bearer sk-bad"));
        byte[] body = GOOD_BODY;
        boolean withKey = true;
        switch (kind) {
            case "no-key-2MB" -> {
                withKey = false;
                StringBuilder sb = new StringBuilder("{\"model\":\"m\",\"messages\":[");
                while (sb.length() < 2_000_000) {
                    sb.append("{\"role\":\"user\",\"content\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"},");
                }
                sb.append("{\"role\":\"user\",\"content\":\"x\"}]}");
                body = sb.toString().getBytes(StandardCharsets.UTF_8);
            }
            case "malformed-json" -> body = "{\"model\":\"m\",\"messages\":[{\"role\":".getBytes(StandardCharsets.UTF_8);
            case "redos-config" -> {
                h.put("x-portkey-config", "{\"strategy\":{\"mode\":\"conditional\",\"conditions\":[{\"query\":"
                        + "{\"metadata.u\":{\"$regex\":\"(.*?,){11}P\"}},\"then\":\"a\"}],\"default\":\"a\"},"
                        + "\"targets\":[{\"name\":\"a\",\"provider\":\"openai\",\"api_key\":\"sk-x\",\"custom_host\":\""
                        + upstream + "\"}]}");
                h.put("x-portkey-metadata", "{\"u\":\"" + "x,".repeat(28) + "\"}");
            }
            case "timeout-overflow" -> h.put("x-portkey-request-timeout", "9223372036855");
            case "crlf-config" -> h.put("x-portkey-config",
                    "{\"provider\":\"openai\",\"api_key\":\"sk-x\\r\\nx-injected: 1\"}");
            case "password-host" -> h.put("x-portkey-custom-host", "http://user:hunter2@10.1.2.3/v1");
            case "internal-host" -> h.put("x-portkey-custom-host", "http://[::ffff:169.254.169.254]/v1");
            default -> throw new IllegalStateException(kind);
        }
        if (!withKey) {
            h.put("x-portkey-api-key", "");
        }
        Answer a = post(body, h, !withKey);
        // The ReDoS config is well-formed and may legitimately route (200) once the engine is linear; the point is
        // that it returns at all, and quickly.
        boolean ok = (a.status >= 400 && a.status < 500) || (kind.equals("redos-config") && a.status == 200);
        record("bad " + kind, ok ? a.status + " as expected" : a.describe());
    }

    private static final String[] FAULTS = {"html", "short", "surplus", "drip", "close", "304", "302"};
    private final AtomicLong faultTurn = new AtomicLong();

    private void faulty() {
        String kind = FAULTS[(int) (faultTurn.getAndIncrement() % FAULTS.length)];
        Answer a = post(GOOD_BODY, Map.of("x-portkey-provider", "openai", "authorization", "Bearer sk-faulty",
                "x-portkey-custom-host", "http://127.0.0.1:" + faulty.port() + "/" + kind + "/v1",
                "x-portkey-request-timeout", "1000"), false);
        // Bytes beyond an answer's Content-Length are not part of it: that answer is whole (200); the point is that
        // its connection is not reused, so no later request reads them as its own.
        boolean ok = a.status == 408 || (a.status >= 500 && a.status != 500 && a.status < 600)
                || kind.equals("surplus") && a.status == 200 && a.body.contains("chat.completion");
        record("faulty " + kind, ok ? a.status + " as expected" : a.describe());
    }

    private void abandon() {
        try (Socket s = new Socket(gatewayHost, gatewayPort)) {
            s.setSoTimeout(1_000);
            byte[] body = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: " + gatewayHost + "\r\n"
                    + "content-type: application/json\r\ncontent-length: " + body.length + "\r\n"
                    + "x-portkey-provider: openai\r\nauthorization: Bearer sk-abandon\r\n"
                    + "x-portkey-api-key: " + apiKey + "\r\n"
                    + "x-portkey-custom-host: http://127.0.0.1:" + faulty.port() + "/pings/v1\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            // Wait up to 1 s for the answer to begin (a gateway may hold the headers until the first event), then leave.
            try {
                s.getInputStream().read(new byte[1]);
                record("abandon", "left after the first byte");
            } catch (java.net.SocketTimeoutException nothingYet) {
                record("abandon", "left after 1 s without a byte");
            }
        } catch (IOException e) {
            record("abandon", "io: " + e.getClass().getSimpleName());
        }
    }

    private void record(String kind, String outcome) {
        outcomes.computeIfAbsent(kind + "|" + outcome, k -> new LongAdder()).increment();
    }

    record Answer(int status, String body, String error) {
        String describe() {
            if (error != null) {
                return "io: " + error;
            }
            String b = body.length() > 80 ? body.substring(0, 80) : body;
            return status + (status >= 500 || status < 400 ? " " + b.replace('|', '/').replace('\n', ' ') : "");
        }
    }

    /** One request on a fresh connection (the mix is about the gateway, not keep-alive); reads the whole answer. */
    private Answer post(byte[] body, Map<String, String> headers, boolean noKey) {
        try (Socket s = new Socket(gatewayHost, gatewayPort)) {
            s.setSoTimeout(15_000);
            StringBuilder head = new StringBuilder("POST /v1/chat/completions HTTP/1.1\r\nHost: ")
                    .append(gatewayHost).append("\r\ncontent-type: application/json\r\nconnection: close\r\n")
                    .append("content-length: ").append(body.length).append("\r\n");
            if (!noKey && !apiKey.isEmpty()) {
                head.append("x-portkey-api-key: ").append(apiKey).append("\r\n");
            }
            headers.forEach((k, v) -> {
                if (!v.isEmpty()) {
                    head.append(k).append(": ").append(v).append("\r\n");
                }
            });
            head.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            try {
                out.write(body);
                out.flush();
            } catch (SocketException refused) {
                // The gateway may answer (401, 413) and close before it read the whole body: read that answer.
            }
            // Read by the answer's framing: a server that says "Connection: close" need not close first.
            InputStream in = s.getInputStream();
            String answerHead = FaultyUpstream.readHead(in);
            if (answerHead == null || !answerHead.startsWith("HTTP/1.")) {
                return new Answer(0, "", "not an HTTP answer: " + answerHead);
            }
            int status = Integer.parseInt(answerHead.substring(9, 12));
            String lower = answerHead.toLowerCase(Locale.ROOT);
            byte[] answer;
            if (lower.contains("\r\ntransfer-encoding: chunked")) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                while (true) {
                    String size = readLine(in);
                    int n = Integer.parseInt(size.split(";")[0].strip(), 16);
                    if (n == 0) {
                        break;
                    }
                    b.write(in.readNBytes(n));
                    readLine(in);
                }
                answer = b.toByteArray();
            } else {
                answer = in.readNBytes(FaultyUpstream.contentLength(answerHead));
            }
            return new Answer(status, new String(answer, StandardCharsets.UTF_8), null);
        } catch (IOException | RuntimeException e) {
            return new Answer(0, "", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    // --------------------------------------------------------------------------------- faulty upstream

    /** An upstream that misbehaves on purpose; the first path segment names the fault. */
    static final class FaultyUpstream implements AutoCloseable {
        private final ServerSocket server;
        final LongAdder abandonedOpened = new LongAdder();
        final LongAdder abandonedClosed = new LongAdder();
        final AtomicLong slowestCloseMs = new AtomicLong();

        FaultyUpstream() throws IOException {
            server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().name("faulty-upstream").start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    int length = contentLength(head);
                    in.readNBytes(length);
                    String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
                    String fault = path.split("/")[1];
                    String json = "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},"
                            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,"
                            + "\"total_tokens\":2}}";
                    switch (fault) {
                        case "html" -> write(out, "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 27\r\n\r\n"
                                + "<html><body>oops</body></html>".substring(0, 27));
                        case "short" -> {
                            write(out, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                                    + (json.length() + 50) + "\r\n\r\n" + json);
                            return;
                        }
                        case "surplus" -> write(out, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                                + json.length() + "\r\n\r\n" + json + "HTTP/1.1 200 OK\r\n");
                        case "drip" -> {
                            write(out, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                                    + json.length() + "\r\n\r\n");
                            for (int i = 0; i < json.length(); i++) {
                                out.write(json.charAt(i));
                                out.flush();
                                Thread.sleep(50);
                            }
                        }
                        case "close" -> {
                            return;
                        }
                        case "304" -> write(out, "HTTP/1.1 304 Not Modified\r\n\r\n");
                        case "302" -> write(out, "HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:1/\r\n"
                                + "content-length: 0\r\n\r\n");
                        case "pings" -> {
                            pings(s, out);
                            return;
                        }
                        default -> write(out, "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n");
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the gateway closed the connection: fine
            }
        }

        /** SSE comments every 200 ms until the gateway closes the connection (at most 30 s). */
        private void pings(Socket s, OutputStream out) throws IOException, InterruptedException {
            abandonedOpened.increment();
            write(out, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n");
            long started = System.nanoTime();
            try {
                String ping = ": ping\n\n";
                for (int i = 0; i < 150; i++) {
                    write(out, Integer.toHexString(ping.length()) + "\r\n" + ping + "\r\n");
                    Thread.sleep(200);
                }
            } catch (IOException closed) {
                abandonedClosed.increment();
                long ms = (System.nanoTime() - started) / 1_000_000;
                slowestCloseMs.accumulateAndGet(ms, Math::max);
            }
        }

        private static void write(OutputStream out, String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            int last4 = 0;
            while ((c = in.read()) != -1) {
                b.write(c);
                last4 = (last4 << 8) | c;
                if (last4 == 0x0d0a0d0a) {
                    return b.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring(15).strip());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
