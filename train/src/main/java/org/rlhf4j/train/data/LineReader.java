package org.rlhf4j.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines of a UTF-8 stream, split on bytes and decoded one at a time, with a cap on their
 * length. Splitting before decoding is exact (byte {@code \n} never occurs inside a UTF-8
 * sequence) and lets a badly encoded line be one bad record at its true line number, where a
 * decoding {@link java.io.Reader} would fail wherever its read-ahead happened to be. The cap
 * keeps a file without newlines from becoming one gigabyte String: past it, the rest of the
 * line is skipped and the line reported too long.
 *
 * <p>Lines end at {@code \n}; a {@code \r} before it is dropped (files written on Windows).
 */
final class LineReader {

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[1 << 16];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int pos;
    private int limit;
    private boolean eof;
    private int lineNumber;
    private byte[] line = new byte[256];
    private int length;
    private boolean tooLong;

    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** Reads the next line; false at the end of the stream. */
    boolean next() throws IOException {
        length = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!any) {
                    return false;
                }
                break;
            }
            any = true;
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            append(start, pos);
            if (pos < limit) { // at '\n'
                pos++;
                break;
            }
        }
        lineNumber++;
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return true;
    }

    private void append(int from, int to) {
        int n = to - from;
        if (tooLong || n == 0) {
            return;
        }
        if ((long) length + n > maxBytes) {
            tooLong = true;
            length = 0;
            return;
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxBytes, Math.max(length + n, 2L * line.length)));
        }
        System.arraycopy(buffer, from, line, length, n);
        length += n;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** 1-based number of the line last read. */
    int lineNumber() {
        return lineNumber;
    }

    /**
     * The line last read, decoded, without its newline; empty when it was too long.
     *
     * @throws CharacterCodingException when it is not valid UTF-8
     */
    String line() throws CharacterCodingException {
        return decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
    }

    /** Whether the line last read had more than the maximum number of bytes. */
    boolean tooLong() {
        return tooLong;
    }

    /** Whether the line last read is empty or ASCII whitespace only. */
    boolean blank() {
        if (tooLong) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\f' && b != 0x0B) {
                return false;
            }
        }
        return true;
    }
}
