import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Jetway's load generator for the latency benchmark: a single-file Java program (run with
 * {@code java LoadGen.java ...}, no dependencies) that sends one fixed HTTP/1.1 POST over
 * keep-alive loopback connections and reports exact latency percentiles.
 *
 * <h2>Modes</h2>
 * <ul>
 *   <li>{@code --rate R}: <b>open loop</b>. Request {@code i} is due at {@code start + i/R}, whatever
 *       happened to earlier requests; latency is measured from the <b>due time</b>, not from the
 *       moment it was actually sent, so a stalled server is charged for every request it delayed
 *       (no coordinated omission, the same correction wrk2 and HdrHistogram apply). A pool of
 *       {@code --connections} workers (one blocking socket each) takes the next due request when
 *       idle; if all are busy, requests wait, and that wait is part of their latency.</li>
 *   <li>{@code --concurrency C}: <b>closed loop</b>, C workers each sending the next request as
 *       soon as the previous answer is complete (what wrk does; latency from the send).</li>
 * </ul>
 *
 * <h2>What is measured</h2>
 * Total latency to the last byte of the response; with {@code --stream}, also the time to the
 * first body bytes (the first chunk; for SSE answers that is the first event). Responses other
 * than 200, responses that do not contain the {@code --expect} text, and I/O errors are errors.
 * Every latency is kept (an array, sorted at the end), so percentiles are exact, not bucketed.
 * Wake-ups are precise: the worker parks until shortly before the due time and spins the rest,
 * and the scheduler's lateness (actual send minus due) is reported as {@code lag}.
 *
 * <h2>Output</h2>
 * One line on stdout, {@code RESULT key=value ...}, times in microseconds; with
 * {@code --interval S}, one {@code INTERVAL} line per S seconds (for soak runs: stable p99?).
 */
public final class LoadGen {

    record Options(URI url, List<String[]> headers, byte[] body, double rate, int concurrency,
                   int connections, double durationSec, double warmupSec, boolean stream, byte[] expect,
                   double intervalSec) {
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        byte[] request = requestBytes(o);
        Result r = o.rate > 0 ? openLoop(o, request) : closedLoop(o, request);
        System.out.println(r.line(o));
        System.out.flush();
        System.exit(0);
    }

    // ---------------------------------------------------------------- runs

    static Result openLoop(Options o, byte[] request) throws InterruptedException {
        long interval = Math.round(1e9 / o.rate);
        long warmupN = (long) Math.ceil(o.warmupSec * o.rate);
        long total = warmupN + (long) Math.ceil(o.durationSec * o.rate);
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many requests for one run");
        }
        long[] lat = new long[(int) total];
        long[] first = new long[(int) total];
        long[] lag = new long[(int) total];
        Arrays.fill(lat, -1);
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime() + 20_000_000L;
        Thread[] workers = new Thread[o.connections];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = Thread.ofPlatform().daemon().name("open-" + w).start(() -> {
                Conn conn = new Conn(o);
                while (true) {
                    long i = next.getAndIncrement();
                    if (i >= total) {
                        break;
                    }
                    long due = start + i * interval;
                    waitUntil(due);
                    long sent = System.nanoTime();
                    long[] times = conn.exchange(request);
                    if (times == null) {
                        errors.incrementAndGet();
                        continue;
                    }
                    lat[(int) i] = times[1] - due;
                    first[(int) i] = times[0] - due;
                    lag[(int) i] = sent - due;
                }
                conn.close();
            });
        }
        Interval reporter = o.intervalSec > 0 ? Interval.start(o, lat, start, interval, warmupN, errors) : null;
        for (Thread t : workers) {
            t.join();
        }
        if (reporter != null) {
            reporter.stop();
        }
        long end = System.nanoTime();
        int from = (int) warmupN;
        long measuredErrors = errors.get(); // warm-up errors count too: a failed request is never fine
        return Result.of(copy(lat, from), copy(first, from), copy(lag, from), measuredErrors,
                (end - (start + warmupN * interval)) / 1e9, total - warmupN);
    }

    static Result closedLoop(Options o, byte[] request) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + (long) (o.warmupSec * 1e9);
        long end = measureFrom + (long) (o.durationSec * 1e9);
        LongList[] lats = new LongList[o.concurrency];
        LongList[] firsts = new LongList[o.concurrency];
        AtomicLong errors = new AtomicLong();
        Thread[] workers = new Thread[o.concurrency];
        for (int w = 0; w < workers.length; w++) {
            LongList lat = lats[w] = new LongList();
            LongList first = firsts[w] = new LongList();
            workers[w] = Thread.ofPlatform().daemon().name("closed-" + w).start(() -> {
                Conn conn = new Conn(o);
                while (true) {
                    long sent = System.nanoTime();
                    if (sent >= end) {
                        break;
                    }
                    long[] times = conn.exchange(request);
                    if (times == null) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (sent >= measureFrom && times[1] <= end) {
                        lat.add(times[1] - sent);
                        first.add(times[0] - sent);
                    }
                }
                conn.close();
            });
        }
        for (Thread t : workers) {
            t.join();
        }
        LongList all = new LongList();
        LongList allFirst = new LongList();
        for (int w = 0; w < workers.length; w++) {
            all.addAll(lats[w]);
            allFirst.addAll(firsts[w]);
        }
        return Result.of(all.toArray(), allFirst.toArray(), new long[0], errors.get(), o.durationSec, all.size);
    }

    /** Parks until about 120 µs before {@code due}, then spins: park wake-ups are late by ~50-100 µs. */
    static void waitUntil(long due) {
        while (true) {
            long left = due - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (left > 150_000) {
                LockSupport.parkNanos(left - 120_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    // ---------------------------------------------------------------- HTTP/1.1 over one socket

    /** One keep-alive connection; reconnects after an error or a {@code connection: close}. */
    static final class Conn {
        private final Options o;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        private final byte[] buf = new byte[16 * 1024];
        private final StringBuilder line = new StringBuilder(128);

        Conn(Options o) {
            this.o = o;
        }

        /** Sends the request, reads the whole response: {time of first body bytes, time of last}; null on error. */
        long[] exchange(byte[] request) {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(o.url.getHost(), port(o.url)), 5_000);
                    socket.setSoTimeout(30_000);
                    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                    out = socket.getOutputStream();
                }
                out.write(request);
                out.flush();
                String status = readLine();
                if (status == null) {
                    throw new IOException("connection closed before the status line");
                }
                int code = Integer.parseInt(status.substring(9, 12));
                long contentLength = -1;
                boolean chunked = false;
                boolean close = false;
                for (String h; !(h = readLine()).isEmpty(); ) {
                    int colon = h.indexOf(':');
                    String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = h.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> contentLength = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "connection" -> close = value.equalsIgnoreCase("close");
                        default -> { }
                    }
                }
                body.reset();
                long firstAt = 0;
                if (chunked) {
                    while (true) {
                        String sizeLine = readLine();
                        int semi = sizeLine.indexOf(';');
                        int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                        if (size == 0) {
                            while (!readLine().isEmpty()) {
                                // trailers
                            }
                            break;
                        }
                        readBody(size);
                        if (firstAt == 0) {
                            firstAt = System.nanoTime();
                        }
                        readLine(); // CRLF after the chunk
                    }
                } else if (contentLength >= 0) {
                    if (contentLength > 0) {
                        readBody(contentLength);
                        firstAt = System.nanoTime();
                    }
                } else {
                    close = true; // body to end of stream
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        if (firstAt == 0) {
                            firstAt = System.nanoTime();
                        }
                        body.write(buf, 0, n);
                    }
                }
                long lastAt = System.nanoTime();
                if (firstAt == 0) {
                    firstAt = lastAt;
                }
                if (close) {
                    close();
                }
                if (code != 200 || o.expect != null && indexOf(body.toByteArray(), o.expect) < 0) {
                    reportOnce(code, body.toString(StandardCharsets.UTF_8));
                    return null;
                }
                return new long[] {firstAt, lastAt};
            } catch (IOException | RuntimeException e) {
                reportOnce(-1, e.toString());
                close();
                return null;
            }
        }

        private void readBody(long n) throws IOException {
            while (n > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, n));
                if (r < 0) {
                    throw new IOException("connection closed mid-body");
                }
                body.write(buf, 0, r);
                n -= r;
            }
        }

        /** A CRLF- (or LF-) terminated ASCII line without its end; null at end of stream before any byte. */
        private String readLine() throws IOException {
            line.setLength(0);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int len = line.length();
                    if (len > 0 && line.charAt(len - 1) == '\r') {
                        line.setLength(len - 1);
                    }
                    return line.toString();
                }
                line.append((char) c);
            }
            if (line.isEmpty()) {
                return null;
            }
            throw new IOException("connection closed mid-line");
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                socket = null;
            }
        }
    }

    private static final AtomicLong REPORTED = new AtomicLong();

    /** The first few errors are printed to stderr, so a broken setup is visible at once. */
    static void reportOnce(int code, String what) {
        if (REPORTED.getAndIncrement() < 3) {
            String text = what.length() > 300 ? what.substring(0, 300) + "…" : what;
            System.err.println("loadgen: error (status " + code + "): " + text.replace('\n', ' '));
        }
    }

    static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : 80;
    }

    static byte[] requestBytes(Options o) {
        StringBuilder sb = new StringBuilder(512);
        String path = o.url.getRawPath() + (o.url.getRawQuery() != null ? "?" + o.url.getRawQuery() : "");
        sb.append("POST ").append(path).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(o.url.getHost()).append(':').append(port(o.url)).append("\r\n");
        sb.append("Content-Type: application/json\r\n");
        sb.append("Content-Length: ").append(o.body.length).append("\r\n");
        for (String[] h : o.headers) {
            sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(head, head.length + o.body.length);
        System.arraycopy(o.body, 0, all, head.length, o.body.length);
        return all;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ---------------------------------------------------------------- results

    record Result(long[] lat, long[] first, long[] lag, long errors, double seconds, long scheduled) {

        static Result of(long[] lat, long[] first, long[] lag, long errors, double seconds, long scheduled) {
            Arrays.sort(lat);
            Arrays.sort(first);
            Arrays.sort(lag);
            return new Result(lat, first, lag, errors, seconds, scheduled);
        }

        String line(Options o) {
            StringBuilder sb = new StringBuilder("RESULT");
            sb.append(" mode=").append(o.rate > 0 ? "open" : "closed");
            if (o.rate > 0) {
                sb.append(" rate=").append(fmt(o.rate));
            } else {
                sb.append(" concurrency=").append(o.concurrency);
            }
            sb.append(" n=").append(lat.length).append(" errors=").append(errors);
            sb.append(" rps=").append(fmt(lat.length / seconds));
            pct(sb, "", lat);
            if (o.stream) {
                pct(sb, "ttfc_", first);
            }
            if (lag.length > 0) {
                sb.append(" lag_p50_us=").append(us(percentile(lag, 0.50)));
                sb.append(" lag_p99_us=").append(us(percentile(lag, 0.99)));
            }
            return sb.toString();
        }

        private static void pct(StringBuilder sb, String prefix, long[] v) {
            sb.append(' ').append(prefix).append("p50_us=").append(us(percentile(v, 0.50)));
            sb.append(' ').append(prefix).append("p90_us=").append(us(percentile(v, 0.90)));
            sb.append(' ').append(prefix).append("p99_us=").append(us(percentile(v, 0.99)));
            sb.append(' ').append(prefix).append("max_us=").append(us(v.length == 0 ? -1 : v[v.length - 1]));
        }
    }

    /** Nearest-rank percentile of a sorted array; -1 when empty. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String us(long nanos) {
        return nanos < 0 ? "-1" : fmt(nanos / 1000.0);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static long[] copy(long[] v, int from) {
        // Drop warm-up entries and requests that failed (still -1).
        LongList out = new LongList();
        for (int i = from; i < v.length; i++) {
            if (v[i] >= 0) {
                out.add(v[i]);
            }
        }
        return out.toArray();
    }

    /** Prints p50/p99 of each interval of the open-loop schedule (requests by due time) as the run goes. */
    static final class Interval {
        private final Thread thread;
        private volatile boolean stop;

        private Interval(Thread thread) {
            this.thread = thread;
        }

        static Interval start(Options o, long[] lat, long start, long interval, long warmupN, AtomicLong errors) {
            long perInterval = Math.max(1, Math.round(o.intervalSec * o.rate));
            Interval[] self = new Interval[1];
            Thread t = Thread.ofPlatform().daemon().name("interval").unstarted(() -> {
                long from = warmupN;
                int k = 0;
                long lastErrors = 0;
                while (from < lat.length) {
                    long to = Math.min(lat.length, from + perInterval);
                    // wait until the interval's last request is due plus 2 s for it to finish
                    long until = start + (to - 1) * interval + 2_000_000_000L;
                    while (System.nanoTime() < until && !self[0].stop) {
                        LockSupport.parkNanos(50_000_000L);
                    }
                    long[] slice = new long[(int) (to - from)];
                    int n = 0;
                    long missing = 0;
                    for (long i = from; i < to; i++) {
                        long v = lat[(int) i];
                        if (v >= 0) {
                            slice[n++] = v;
                        } else {
                            missing++;
                        }
                    }
                    long[] s = Arrays.copyOf(slice, n);
                    Arrays.sort(s);
                    long e = errors.get();
                    System.out.println("INTERVAL k=" + k++ + " t_s=" + fmt((to - warmupN) / o.rate) + " n=" + n
                            + " unfinished_or_failed=" + missing + " errors_total=" + e
                            + " p50_us=" + us(percentile(s, 0.5)) + " p99_us=" + us(percentile(s, 0.99))
                            + " max_us=" + us(s.length == 0 ? -1 : s[s.length - 1]));
                    System.out.flush();
                    lastErrors = e;
                    from = to;
                }
            });
            self[0] = new Interval(t);
            t.start();
            return self[0];
        }

        void stop() throws InterruptedException {
            stop = true;
            thread.join();
        }
    }

    static final class LongList {
        long[] a = new long[1024];
        int size;

        void add(long v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        void addAll(LongList o) {
            for (int i = 0; i < o.size; i++) {
                add(o.a[i]);
            }
        }

        long[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    // ---------------------------------------------------------------- arguments

    static Options parse(String[] args) throws IOException {
        URI url = null;
        List<String[]> headers = new ArrayList<>();
        byte[] body = null;
        double rate = 0;
        int concurrency = 0;
        int connections = 64;
        double duration = 10;
        double warmup = 2;
        boolean stream = false;
        byte[] expect = null;
        double interval = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--url" -> url = URI.create(args[++i]);
                case "--header", "-H" -> {
                    String h = args[++i];
                    int colon = h.indexOf(':');
                    headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
                }
                case "--body" -> body = args[++i].getBytes(StandardCharsets.UTF_8);
                case "--body-file" -> body = Files.readAllBytes(Path.of(args[++i]));
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--stream" -> stream = true;
                case "--expect" -> expect = args[++i].getBytes(StandardCharsets.UTF_8);
                case "--interval" -> interval = Double.parseDouble(args[++i]);
                default -> usage("unknown argument " + a);
            }
        }
        if (url == null || body == null || (rate > 0) == (concurrency > 0)) {
            usage("need --url, --body or --body-file, and exactly one of --rate / --concurrency");
        }
        return new Options(url, headers, body, rate, concurrency, connections, duration, warmup, stream, expect,
                interval);
    }

    static void usage(String problem) {
        System.err.println("loadgen: " + problem);
        System.err.println("usage: java LoadGen.java --url http://127.0.0.1:PORT/path (--rate R | --concurrency C)"
                + " (--body JSON | --body-file F) [-H 'name: value']... [--duration S] [--warmup S]"
                + " [--connections N] [--stream] [--expect TEXT] [--interval S]");
        System.exit(2);
    }
}
