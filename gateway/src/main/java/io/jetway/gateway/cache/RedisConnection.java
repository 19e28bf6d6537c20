package io.jetway.gateway.cache;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One connection to Redis, speaking RESP2 for the few commands the response cache sends: {@code GET},
 * {@code SET … PX}, and on opening {@code AUTH}, {@code SELECT} and {@code CLIENT SETNAME}. Every reply
 * is read within bounds, whatever the server sends: a bulk string of at most {@code maxBulkBytes}
 * (a larger, negative or malformed length is refused before anything is allocated), a line of at most
 * {@link #MAX_LINE} bytes, and only the reply types the command can have. A failure of any kind leaves
 * the connection out of step: its owner closes it. Not thread-safe.
 */
public final class RedisConnection implements AutoCloseable {

    /** Simple strings, errors and lengths are short; a longer line is not Redis speaking. */
    static final int MAX_LINE = 4096;

    private static final byte[] GET = ascii("GET");
    private static final byte[] SET = ascii("SET");
    private static final byte[] PX = ascii("PX");
    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int maxBulkBytes;

    private RedisConnection(Socket socket, int maxBulkBytes) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        this.maxBulkBytes = maxBulkBytes;
    }

    /**
     * Connects (TLS with host name verification for {@code rediss://}), then authenticates, selects the
     * database and names the connection, in one round trip.
     *
     * @param timeoutMillis the limit of the connect and of every read
     */
    static RedisConnection open(RedisClient.Endpoint endpoint, int timeoutMillis, int maxBulkBytes) throws IOException {
        Socket raw = new Socket();
        RedisConnection c = null;
        try {
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeoutMillis);
            raw.setSoTimeout(timeoutMillis);
            Socket socket = raw;
            if (endpoint.tls()) {
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(raw, endpoint.host(), endpoint.port(), true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                String host = endpoint.host();
                if (host.indexOf(':') < 0 && !host.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch))) {
                    params.setServerNames(List.of(new SNIHostName(endpoint.host())));
                }
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                socket = ssl;
            }
            c = new RedisConnection(socket, maxBulkBytes);
            int replies = 0;
            if (endpoint.password() != null) {
                c.command(
                        endpoint.user() == null
                                ? new byte[][] {ascii("AUTH"), utf8(endpoint.password())}
                                : new byte[][] {ascii("AUTH"), utf8(endpoint.user()), utf8(endpoint.password())});
                replies++;
            }
            if (endpoint.database() != 0) {
                c.command(ascii("SELECT"), ascii(Integer.toString(endpoint.database())));
                replies++;
            }
            c.command(ascii("CLIENT"), ascii("SETNAME"), ascii("jetway"));
            replies++;
            c.out.flush();
            for (int i = 0; i < replies; i++) {
                c.ok();
            }
            return c;
        } catch (IOException | RuntimeException e) {
            try {
                raw.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
    }

    /** The value under {@code key}, or null when there is none. */
    byte[] get(byte[] key) throws IOException {
        command(GET, key);
        out.flush();
        int type = in.read();
        return switch (type) {
            case '$' -> bulk();
            case '-' -> throw error();
            default -> throw unexpected(type, "GET");
        };
    }

    /** {@code SET key value PX ttlMillis}. */
    void set(byte[] key, byte[] value, long ttlMillis) throws IOException {
        command(SET, key, value, PX, ascii(Long.toString(ttlMillis)));
        out.flush();
        ok();
    }

    /** Longest array reply {@link #evalIntegers} accepts. */
    static final int MAX_ARRAY = 1024;

    /**
     * Runs a script by its SHA-1 ({@code EVALSHA}), loading it with {@code EVAL} when this server
     * does not know it yet ({@code NOSCRIPT}): one round trip, two the first time. The script must
     * answer an integer or an array of integers.
     */
    public long[] evalIntegers(byte[] sha1Hex, byte[] script, List<byte[]> keys, List<byte[]> args) throws IOException {
        eval(ascii("EVALSHA"), sha1Hex, keys, args);
        out.flush();
        int type = in.read();
        if (type == '-') {
            String line = line();
            if (!line.startsWith("NOSCRIPT")) {
                throw new ProtocolException("Redis answered an error: " + printable(line));
            }
            eval(ascii("EVAL"), script, keys, args);
            out.flush();
            type = in.read();
        }
        return switch (type) {
            case ':' -> new long[] {integer()};
            case '*' -> {
                long n = parseLength(line());
                if (n < 0 || n > MAX_ARRAY) {
                    throw new ProtocolException("Redis answered an array of " + n + " elements");
                }
                long[] values = new long[(int) n];
                for (int i = 0; i < n; i++) {
                    int t = in.read();
                    if (t != ':') {
                        throw unexpected(t, "a script answering integers");
                    }
                    values[i] = integer();
                }
                yield values;
            }
            case '-' -> throw error();
            default -> throw unexpected(type, "EVAL");
        };
    }

    private void eval(byte[] verb, byte[] scriptOrSha, List<byte[]> keys, List<byte[]> args) throws IOException {
        byte[][] all = new byte[3 + keys.size() + args.size()][];
        all[0] = verb;
        all[1] = scriptOrSha;
        all[2] = ascii(Integer.toString(keys.size()));
        int i = 3;
        for (byte[] k : keys) {
            all[i++] = k;
        }
        for (byte[] a : args) {
            all[i++] = a;
        }
        command(all);
    }

    /** The rest of an integer reply, after its {@code :}. */
    private long integer() throws IOException {
        return parseLength(line());
    }

    private void command(byte[]... args) throws IOException {
        out.write('*');
        out.write(ascii(Integer.toString(args.length)));
        out.write(CRLF);
        for (byte[] arg : args) {
            out.write('$');
            out.write(ascii(Integer.toString(arg.length)));
            out.write(CRLF);
            out.write(arg);
            out.write(CRLF);
        }
    }

    /** Reads a {@code +OK}. */
    private void ok() throws IOException {
        int type = in.read();
        switch (type) {
            case '+' -> {
                String line = line();
                if (!line.equals("OK")) {
                    throw new ProtocolException("Redis answered '" + printable(line) + "' instead of OK");
                }
            }
            case '-' -> throw error();
            default -> throw unexpected(type, "a command expecting OK");
        }
    }

    /** The rest of a bulk string reply, after its {@code $}: null for {@code $-1}. */
    private byte[] bulk() throws IOException {
        String header = line();
        long length = parseLength(header);
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > maxBulkBytes) {
            throw new ProtocolException("Redis announced a value of " + printable(header) + " bytes; at most "
                    + maxBulkBytes + " are accepted");
        }
        byte[] value = in.readNBytes((int) length);
        if (value.length < length) {
            throw new EOFException("Redis closed the connection within a value");
        }
        if (in.read() != '\r' || in.read() != '\n') {
            throw new ProtocolException("a value from Redis does not end with CRLF");
        }
        return value;
    }

    /** A length: an optional minus and 1 to 18 digits; anything else is no length. */
    private static long parseLength(String s) throws ProtocolException {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start || s.length() - start > 18) {
            throw new ProtocolException("Redis sent a malformed length '" + printable(s) + "'");
        }
        long n = 0;
        for (int i = start; i < s.length(); i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new ProtocolException("Redis sent a malformed length '" + printable(s) + "'");
            }
            n = n * 10 + d;
        }
        return start == 1 ? -n : n;
    }

    /** A line up to CRLF (excluded), at most {@link #MAX_LINE} bytes, Latin-1. */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(16);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Redis closed the connection within a reply");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new ProtocolException("a line from Redis has a CR without LF");
                }
                return sb.toString();
            }
            if (sb.length() == MAX_LINE) {
                throw new ProtocolException("a line from Redis is longer than " + MAX_LINE + " bytes");
            }
            sb.append((char) b);
        }
    }

    private IOException error() throws IOException {
        return new ProtocolException("Redis answered an error: " + printable(line()));
    }

    private static IOException unexpected(int type, String command) {
        return type < 0
                ? new EOFException("Redis closed the connection before replying to " + command)
                : new ProtocolException(
                        "Redis replied with type '" + printable(String.valueOf((char) type)) + "' to " + command);
    }

    /** At most 100 characters, control characters shown as '?'. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 101));
        for (int i = 0; i < s.length() && i < 100; i++) {
            char ch = s.charAt(i);
            sb.append(ch < ' ' || ch > '~' ? '?' : ch);
        }
        return s.length() > 100 ? sb.append('…').toString() : sb.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do with it
        }
    }
}
