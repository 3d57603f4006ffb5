package dev.palisade.ips.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One rule's text as found in a file, continuation lines (a trailing {@code \}) joined, with the
 * physical line and column of every character, so a diagnostic points where the author typed.
 * {@link #split(String)} skips blank lines and {@code #} comments.
 */
record SourceRule(String text, int[] lines, int[] columns) {

    static List<SourceRule> split(String fileText) {
        List<SourceRule> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int[] lines = new int[64];
        int[] cols = new int[64];
        int n = 0;
        boolean continuing = false;
        int lineNo = 0;
        int pos = 0;
        int length = fileText.length();
        while (pos <= length) {
            int end = fileText.indexOf('\n', pos);
            if (end < 0) {
                end = length;
            }
            lineNo++;
            int stop = end;
            if (stop > pos && fileText.charAt(stop - 1) == '\r') {
                stop--;
            }
            String line = fileText.substring(pos, stop);
            pos = end + 1;
            if (!continuing) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    if (end == length) {
                        break;
                    }
                    continue;
                }
            }
            String body = line.stripTrailing();
            boolean more = body.endsWith("\\");
            if (more) {
                body = body.substring(0, body.length() - 1);
            } else {
                body = line;
            }
            for (int c = 0; c < body.length(); c++) {
                if (n == lines.length) {
                    lines = Arrays.copyOf(lines, n * 2);
                    cols = Arrays.copyOf(cols, n * 2);
                }
                text.append(body.charAt(c));
                lines[n] = lineNo;
                cols[n] = c + 1;
                n++;
            }
            if (more && end < length) {
                continuing = true;
                if (n == 0) {
                    // a rule that starts with a lone '\' line: keep its position
                    continue;
                }
                continue;
            }
            continuing = false;
            if (n > 0 && !text.toString().isBlank()) {
                out.add(new SourceRule(text.toString(), Arrays.copyOf(lines, n), Arrays.copyOf(cols, n)));
            }
            text.setLength(0);
            n = 0;
            if (end == length) {
                break;
            }
        }
        if (n > 0 && !text.toString().isBlank()) {
            out.add(new SourceRule(text.toString(), Arrays.copyOf(lines, n), Arrays.copyOf(cols, n)));
        }
        return out;
    }

    /** The physical line of character {@code offset} (clamped into the text). */
    int line(int offset) {
        return position(offset)[0];
    }

    /** {line, column} of character {@code offset}; past the end, just after the last character. */
    int[] position(int offset) {
        if (lines.length == 0) {
            return new int[] {1, 1};
        }
        if (offset < 0) {
            offset = 0;
        }
        if (offset >= lines.length) {
            int last = lines.length - 1;
            return new int[] {lines[last], columns[last] + 1};
        }
        return new int[] {lines[offset], columns[offset]};
    }
}
