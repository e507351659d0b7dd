package io.tributary.connect.jdbc.sink;

import java.nio.charset.StandardCharsets;

/**
 * The UTF-8 bytes of COPY data, built in place and handed to the driver a chunk at a time: no
 * String of the whole batch, no Reader, no re-encoding. ASCII (nearly all of what a sink writes:
 * numbers, timestamps, codes) goes byte by byte; anything else through the JDK's encoder.
 */
final class CopyBuffer {
    private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int size;
    /** For doubles: StringBuilder.append(double) formats without allocating a String. */
    private final StringBuilder scratch = new StringBuilder(32);

    CopyBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    byte[] bytes() {
        return bytes;
    }

    void clear() {
        size = 0;
    }

    CopyBuffer ascii(char c) {
        return raw1(c);
    }

    /** Appends a string of ASCII characters only (callers format it themselves). */
    CopyBuffer ascii(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    CopyBuffer number(long v) {
        if (v == Long.MIN_VALUE) {
            return raw(LONG_MIN);
        }
        ensure(20);
        if (v < 0) {
            bytes[size++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = size + digits;
        for (int i = end - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size = end;
        return this;
    }

    /** Zero-padded to {@code width} digits; for date and time fields, never negative. */
    CopyBuffer padded(int v, int width) {
        ensure(width);
        for (int i = size + width - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += width;
        return this;
    }

    CopyBuffer number(double v) {
        scratch.setLength(0);
        scratch.append(v);
        return ascii(scratch);
    }

    /**
     * Appends a text field as COPY CSV wants it: as is when it is non-empty and holds no delimiter,
     * quote or line break (and is not the end-of-data marker), else quoted with quotes doubled, since
     * an unquoted empty field means NULL.
     */
    CopyBuffer csvText(String s) {
        int n = s.length();
        if (n > 0 && !(n == 2 && s.charAt(0) == '\\' && s.charAt(1) == '.')) {
            int start = size;
            if (copyAscii(s, true) == n) {
                return this;
            }
            size = start;
            if (!needsQuotes(s)) {
                return raw(s.getBytes(StandardCharsets.UTF_8));
            }
        }
        ascii('"');
        raw(s.replace("\"", "\"\"").getBytes(StandardCharsets.UTF_8));
        return ascii('"');
    }

    /**
     * Copies the string's leading characters while they are ASCII (and, for CSV, no delimiter, quote
     * or line break); returns how many it copied.
     */
    private int copyAscii(String s, boolean stopAtCsvSpecials) {
        int n = s.length();
        ensure(n);
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || (stopAtCsvSpecials && (c == ',' || c == '"' || c == '\n' || c == '\r'))) {
                break;
            }
            bytes[size++] = (byte) c;
        }
        return i;
    }

    private static boolean needsQuotes(String s) {
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    }

    /** Big-endian, as the binary COPY format wants. */
    CopyBuffer int16(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
        return this;
    }

    CopyBuffer int32(int v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
        return this;
    }

    CopyBuffer int64(long v) {
        return int32((int) (v >>> 32)).int32((int) v);
    }

    CopyBuffer raw1(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
        return this;
    }

    /** A string as a binary COPY field: its UTF-8 length, then its UTF-8 bytes. */
    CopyBuffer lengthPrefixedUtf8(String s) {
        int n = s.length();
        int lengthAt = size;
        int32(n);
        if (copyAscii(s, false) == n) {
            return this;
        }
        size = lengthAt;
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return int32(utf8.length).raw(utf8);
    }

    CopyBuffer raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        return this;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }
}
