package dev.patchline.nodes.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Delimited text (CSV per RFC 4180, TSV) to rows of cells and back. Quoted fields may contain the
 * delimiter, doubled quotes and line breaks. Stateless.
 */
public final class Csv {
    private Csv() {}

    /**
     * Parses {@code text} into rows.
     *
     * @param delimiter ',' for CSV, '\t' for TSV
     * @throws IllegalArgumentException naming the line of an unterminated quoted field
     */
    public static List<String[]> parse(String text, char delimiter) {
        List<String[]> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean rowHasContent = false;
        int line = 1;
        int quoteLine = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') line++;
                    cell.append(c);
                }
                continue;
            }
            if (c == '"' && cell.length() == 0) {
                quoted = true;
                quoteLine = line;
                rowHasContent = true;
            } else if (c == delimiter) {
                cells.add(cell.toString());
                cell.setLength(0);
                rowHasContent = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                if (rowHasContent || cell.length() > 0) {
                    cells.add(cell.toString());
                    rows.add(cells.toArray(new String[0]));
                } else {
                    rows.add(new String[0]);
                }
                cells.clear();
                cell.setLength(0);
                rowHasContent = false;
                line++;
            } else {
                cell.append(c);
                rowHasContent = true;
            }
        }
        if (quoted) throw new IllegalArgumentException("quoted field opened on line " + quoteLine + " is never closed");
        if (rowHasContent || cell.length() > 0) {
            cells.add(cell.toString());
            rows.add(cells.toArray(new String[0]));
        }
        return rows;
    }

    /** Appends one row as a CSV line (with "\n"), quoting cells that need it. */
    public static void appendLine(StringBuilder out, String[] cells, char delimiter) {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) out.append(delimiter);
            appendCell(out, cells[c] == null ? "" : cells[c], delimiter);
        }
        out.append('\n');
    }

    private static void appendCell(StringBuilder out, String v, char delimiter) {
        boolean quote = false;
        for (int i = 0; i < v.length() && !quote; i++) {
            char ch = v.charAt(i);
            quote = ch == delimiter || ch == '"' || ch == '\n' || ch == '\r';
        }
        if (!quote) {
            out.append(v);
            return;
        }
        out.append('"');
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '"') out.append('"');
            out.append(ch);
        }
        out.append('"');
    }
}
