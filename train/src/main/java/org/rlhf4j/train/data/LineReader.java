package org.rlhf4j.train.data;

import java.io.IOException;
import java.io.Reader;

/**
 * Lines of a text stream with a cap on their length. {@link java.io.BufferedReader#readLine}
 * would build a gigabyte String from a file that has no newlines; this reader stops collecting
 * at the cap, skips to the next newline and says the line was too long, so one broken record
 * costs neither the heap nor the rest of the file.
 *
 * <p>Lines end at {@code \n}; a {@code \r} before it is dropped (files written on Windows).
 */
final class LineReader {

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private int lineNumber;
    private final StringBuilder line = new StringBuilder();
    private boolean tooLong;

    LineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** Reads the next line; false at the end of the stream. */
    boolean next() throws IOException {
        line.setLength(0);
        tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    if (!any) {
                        return false;
                    }
                    break;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            append(start, pos);
            if (pos < limit) { // found '\n'
                pos++;
                break;
            }
        }
        lineNumber++;
        int n = line.length();
        if (!tooLong && n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
        }
        return true;
    }

    private void append(int from, int to) {
        if (tooLong) {
            return;
        }
        if (line.length() + (to - from) > maxChars) {
            tooLong = true;
            line.setLength(0);
            return;
        }
        line.append(buffer, from, to - from);
    }

    private boolean fill() throws IOException {
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

    /** The line last read, without its newline; empty when it was too long. */
    String line() {
        return line.toString();
    }

    /** Whether the line last read had more than the maximum number of characters. */
    boolean tooLong() {
        return tooLong;
    }

    /** Whether the line last read is empty or whitespace only. */
    boolean blank() {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return false;
            }
        }
        return !tooLong;
    }
}
