package io.jetway.sse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decodes a {@code text/event-stream} body read from a blocking {@link InputStream} into
 * {@link SseEvent}s, following the
 * <a href="https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation">WHATWG
 * HTML event stream interpretation</a> rules.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #next()} returns the next dispatched event, or {@code null} once the stream has ended.
 *       An event is returned as soon as the blank line that terminates it has been read: the decoder
 *       reads from the stream only when the bytes it already holds do not complete an event, so it
 *       never waits for more input while a complete event is buffered. A lone CR that happens to be
 *       the last byte read is treated as a line end at once; an LF arriving first in the next read is
 *       then recognised as the second half of a CRLF and skipped.</li>
 *   <li>Lines end with CRLF, LF or CR. One UTF-8 byte order mark at the very start of the stream is
 *       ignored. Each line is decoded as UTF-8 as a whole (malformed bytes become U+FFFD), so characters
 *       split across reads decode correctly.</li>
 *   <li>A blank line dispatches the event. If no {@code data} field was seen the event type is reset and
 *       nothing is dispatched; otherwise the final LF is removed from the data buffer and the event is
 *       returned.</li>
 *   <li>Lines starting with {@code ':'} are comments and are ignored. Otherwise the field name is the
 *       part before the first {@code ':'} and the value the part after it, with one leading space
 *       removed if present; a line without {@code ':'} is a field name with an empty value.</li>
 *   <li>{@code event} sets the event type; {@code data} appends the value and an LF to the data buffer;
 *       {@code id} sets the last event ID unless the value contains NUL; {@code retry} sets the
 *       reconnection time if the value is a non-empty run of ASCII digits (values too large for a
 *       {@code long} saturate at {@link Long#MAX_VALUE}); any other field is ignored.</li>
 *   <li>When the stream ends, an event not terminated by a blank line is discarded, as the
 *       specification requires. {@link #endedMidEvent()} then tells whether the stream was cut off
 *       mid-event (non-empty undispatched data, or a final line without a line end) so the caller can
 *       report a truncated upstream stream.</li>
 * </ul>
 *
 * <p>The {@link SseEvent#id()} and {@link SseEvent#retry()} of a returned event carry only what that
 * event's own block set. The stream-level state defined by the specification, which persists across
 * events, is available from {@link #lastEventId()} and {@link #reconnectionTime()}.
 *
 * <p>The decoder reads through an internal byte buffer (8 KiB, grown for longer lines), finds line ends
 * by scanning bytes, and allocates at most one {@code String} per line (none for comments and ignored
 * fields); the data buffer is reused between events. It does not close the stream. Instances are not
 * thread-safe.
 */
public final class SseDecoder {

    private static final int INITIAL_BUFFER_SIZE = 8 * 1024;
    /** Data buffers grown beyond this many chars are dropped after dispatch rather than kept. */
    private static final int MAX_RETAINED_DATA_CAPACITY = 64 * 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte COLON = ':';
    private static final byte SPACE = ' ';

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] FIELD_DATA = ascii("data");
    private static final byte[] FIELD_EVENT = ascii("event");
    private static final byte[] FIELD_ID = ascii("id");
    private static final byte[] FIELD_RETRY = ascii("retry");

    private final InputStream in;

    private byte[] buf = new byte[INITIAL_BUFFER_SIZE];
    /** Start of the unconsumed bytes (the start of the current, incomplete line). */
    private int pos;
    /** End of the valid bytes in {@link #buf}. */
    private int limit;
    /** Where to resume scanning for a line end; bytes in [pos, scan) are known to hold none. */
    private int scan;

    private boolean bomChecked;
    /** The previous line ended with a CR that was the last byte available: skip an LF that follows. */
    private boolean skipLf;

    private boolean eof;
    private boolean endedMidEvent;
    private long bytesRead;

    // Event being assembled.
    private StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventType;
    private String eventId;
    private Long eventRetry;

    // Stream-level state.
    private String lastEventId = "";
    private Long reconnectionTime;

    /**
     * Creates a decoder reading from the given stream.
     *
     * @param in the event stream body; read with blocking reads and not closed by the decoder
     */
    public SseDecoder(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    /**
     * Returns the next dispatched event, blocking only while the bytes read so far do not complete one.
     *
     * @return the next event, or {@code null} if the stream has ended (any unterminated final event is
     *     discarded; see {@link #endedMidEvent()})
     * @throws IOException if reading the stream fails
     */
    public SseEvent next() throws IOException {
        while (!eof) {
            if (!bomChecked && !checkBom()) {
                if (!fill()) {
                    finish();
                }
                continue;
            }
            if (skipLf && pos < limit) {
                skipLf = false;
                if (buf[pos] == LF) {
                    pos++;
                    scan = pos;
                }
            }
            int lineEnd = findLineEnd();
            if (lineEnd < 0) {
                if (!fill()) {
                    finish();
                }
                continue;
            }
            int lineStart = pos;
            pos = lineEnd + 1;
            if (buf[lineEnd] == CR) {
                if (pos < limit) {
                    if (buf[pos] == LF) {
                        pos++;
                    }
                } else {
                    skipLf = true;
                }
            }
            scan = pos;
            SseEvent event = processLine(lineStart, lineEnd);
            if (event != null) {
                return event;
            }
        }
        return null;
    }

    /**
     * Returns whether {@link #next()} would return at once, without waiting for the stream: an event
     * is complete in the bytes already read, or the stream has ended. When the buffered bytes do not
     * complete an event, bytes the stream reports as {@link InputStream#available() available} are
     * read first (a read that does not block). {@code false} is always safe; {@code true} is exact.
     *
     * <p>A proxy uses this to write events that arrived together in one write: it flushes only when
     * the next event is not here yet, so nothing waits in its buffer for more input.
     *
     * @return {@code true} if the next call to {@link #next()} will not block
     * @throws IOException if reading the available bytes fails
     */
    public boolean eventBuffered() throws IOException {
        if (eof) {
            return true;
        }
        if (dispatchBuffered()) {
            return true;
        }
        int available;
        try {
            available = in.available();
        } catch (IOException e) {
            return false; // only a hint: the next read reports a real failure
        }
        if (available <= 0) {
            return false;
        }
        compactOrGrow();
        int n = in.read(buf, limit, Math.min(available, buf.length - limit));
        if (n < 0) {
            return true; // next() sees the end at once
        }
        limit += n;
        bytesRead += n;
        return dispatchBuffered();
    }

    /** Whether interpreting the buffered lines (without consuming them) dispatches an event. */
    private boolean dispatchBuffered() {
        if (!bomChecked && !checkBom()) {
            return false;
        }
        byte[] b = buf;
        boolean data = hasData;
        int i = pos;
        if (skipLf && i < limit && b[i] == LF) {
            i++;
        }
        int lineStart = i;
        for (; i < limit; i++) {
            byte c = b[i];
            if (c != LF && c != CR) {
                continue;
            }
            if (i == lineStart) {
                if (data) {
                    return true;
                }
            } else if (isDataField(b, lineStart, i)) {
                data = true;
            }
            if (c == CR && i + 1 < limit && b[i + 1] == LF) {
                i++;
            }
            lineStart = i + 1;
        }
        return false;
    }

    private static boolean isDataField(byte[] b, int start, int end) {
        int length = end - start;
        return length >= FIELD_DATA.length
                && Arrays.equals(b, start, start + FIELD_DATA.length, FIELD_DATA, 0, FIELD_DATA.length)
                && (length == FIELD_DATA.length || b[start + FIELD_DATA.length] == COLON);
    }

    /**
     * Returns whether the stream ended in the middle of an event: with data that had not been dispatched
     * by a blank line, or with a final line that had no line end. Such input is discarded by
     * {@link #next()}; a caller proxying the stream can use this to report a truncated upstream.
     * Meaningful once {@link #next()} has returned {@code null}; {@code false} before.
     *
     * @return {@code true} if the stream was cut off mid-event
     */
    public boolean endedMidEvent() {
        return endedMidEvent;
    }

    /**
     * Returns the number of bytes read from the stream so far, including any byte order mark and bytes
     * buffered but not yet decoded.
     *
     * @return the total bytes read
     */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Returns the stream's last event ID buffer as the specification defines it: the value of the most
     * recent valid {@code id} field, kept across events (including events that were not dispatched)
     * until another {@code id} field changes it. Empty if none was seen or the last one was empty.
     *
     * @return the last event ID, never {@code null}
     */
    public String lastEventId() {
        return lastEventId;
    }

    /**
     * Returns the reconnection time in milliseconds most recently set by a valid {@code retry} field
     * anywhere in the stream, or {@code null} if none has been seen.
     *
     * @return the reconnection time, or {@code null}
     */
    public Long reconnectionTime() {
        return reconnectionTime;
    }

    // ---- reading -------------------------------------------------------------------------------------

    /**
     * Reads more bytes into the buffer, compacting or growing it first if needed.
     *
     * @return {@code false} at end of stream
     */
    private boolean fill() throws IOException {
        compactOrGrow();
        int n;
        do {
            n = in.read(buf, limit, buf.length - limit);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        limit += n;
        bytesRead += n;
        return true;
    }

    /** Moves the unconsumed bytes to the start of the buffer, and grows it if it is still full. */
    private void compactOrGrow() {
        if (pos > 0) {
            int remaining = limit - pos;
            System.arraycopy(buf, pos, buf, 0, remaining);
            scan -= pos;
            limit = remaining;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, newCapacity(buf.length));
        }
    }

    private static int newCapacity(int current) {
        int max = Integer.MAX_VALUE - 8;
        if (current >= max) {
            throw new OutOfMemoryError("SSE line too long");
        }
        return (int) Math.min((long) current * 2, max);
    }

    /**
     * Strips a leading byte order mark once enough bytes are buffered to decide.
     *
     * @return {@code false} if more bytes are needed to decide
     */
    private boolean checkBom() {
        int available = limit - pos;
        for (int i = 0; i < BOM.length; i++) {
            if (i == available) {
                return false;
            }
            if (buf[pos + i] != BOM[i]) {
                bomChecked = true;
                return true;
            }
        }
        pos += BOM.length;
        scan = pos;
        bomChecked = true;
        return true;
    }

    /** Returns the index of the next CR or LF in the buffered bytes, or -1 if there is none yet. */
    private int findLineEnd() {
        byte[] b = buf;
        for (int i = Math.max(scan, pos), end = limit; i < end; i++) {
            byte c = b[i];
            if (c == LF || c == CR) {
                return i;
            }
        }
        scan = limit;
        return -1;
    }

    private void finish() {
        eof = true;
        // Bytes left over form a line without a line end (possibly just part of a BOM).
        endedMidEvent = hasData || limit > pos;
        resetEvent();
        pos = limit;
        scan = limit;
    }

    // ---- interpretation ------------------------------------------------------------------------------

    /** Interprets the line in {@code buf[start, end)}; returns the event if the line dispatched one. */
    private SseEvent processLine(int start, int end) {
        if (start == end) {
            return dispatch();
        }
        byte[] b = buf;
        if (b[start] == COLON) {
            return null; // comment
        }
        int colon = start;
        while (colon < end && b[colon] != COLON) {
            colon++;
        }
        int valueStart;
        if (colon < end) {
            valueStart = colon + 1;
            if (valueStart < end && b[valueStart] == SPACE) {
                valueStart++;
            }
        } else {
            valueStart = end;
        }
        int nameLength = colon - start;
        if (matches(b, start, nameLength, FIELD_DATA)) {
            if (valueStart < end) {
                data.append(new String(b, valueStart, end - valueStart, StandardCharsets.UTF_8));
            }
            data.append('\n');
            hasData = true;
        } else if (matches(b, start, nameLength, FIELD_EVENT)) {
            eventType = decode(b, valueStart, end);
        } else if (matches(b, start, nameLength, FIELD_ID)) {
            if (!containsNul(b, valueStart, end)) {
                String id = decode(b, valueStart, end);
                eventId = id;
                lastEventId = id;
            }
        } else if (matches(b, start, nameLength, FIELD_RETRY)) {
            Long retry = parseDigits(b, valueStart, end);
            if (retry != null) {
                eventRetry = retry;
                reconnectionTime = retry;
            }
        }
        // Any other field is ignored.
        return null;
    }

    private SseEvent dispatch() {
        if (!hasData) {
            resetEvent();
            return null;
        }
        // Remove the trailing LF appended after the last data line.
        String eventData = data.substring(0, data.length() - 1);
        String type = eventType == null || eventType.isEmpty() ? null : eventType;
        SseEvent event = new SseEvent(type, eventData, eventId, eventRetry);
        resetEvent();
        return event;
    }

    private void resetEvent() {
        if (data.capacity() > MAX_RETAINED_DATA_CAPACITY) {
            data = new StringBuilder();
        } else {
            data.setLength(0);
        }
        hasData = false;
        eventType = null;
        eventId = null;
        eventRetry = null;
    }

    private static String decode(byte[] b, int start, int end) {
        return start == end ? "" : new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    private static boolean matches(byte[] b, int start, int length, byte[] name) {
        return length == name.length && Arrays.equals(b, start, start + length, name, 0, length);
    }

    private static boolean containsNul(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** Parses a non-empty run of ASCII digits, saturating on overflow; {@code null} if not all digits. */
    private static Long parseDigits(byte[] b, int start, int end) {
        if (start == end) {
            return null;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                return null;
            }
            if (value > (Long.MAX_VALUE - digit) / 10) {
                value = Long.MAX_VALUE;
            } else if (value != Long.MAX_VALUE) {
                value = value * 10 + digit;
            }
        }
        return value;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
