package dev.patchline.nodes.core.dat;

import dev.patchline.nodes.core.DeltaReader;
import dev.patchline.nodes.core.Numbers;
import dev.patchline.nodes.core.Tables;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.MenuLabel;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Sort DAT: rows ordered by one column, stable. New input rows are inserted by binary search and
 * rows dropped from the input's head are removed the same way; the output is rewritten only from the
 * first position that changed, so a log sorted by time costs the delta per cook.
 */
public final class SortDat implements Operator {

    /** How the sort column's cells compare. */
    public enum KeyType {
        @MenuLabel("Alphabetic (by character code)")
        ALPHABETIC,
        @MenuLabel("Numeric (cells that are not numbers go last)")
        NUMERIC;
    }

    /** Sort direction. */
    public enum Order {
        ASCENDING,
        DESCENDING;
    }

    public static final ParameterDescriptor<String> SORTCOL = ParameterDescriptor.ofString("sortcol")
            .label("Sort Column")
            .defaultValue("0")
            .help("Column to sort by: a header name or a 0-based index.")
            .build();
    public static final ParameterDescriptor<KeyType> TYPE_PARAM = ParameterDescriptor.ofMenu("type", KeyType.class)
            .label("Type")
            .help("Compare cells as text or as numbers.")
            .build();
    public static final ParameterDescriptor<Order> ORDER = ParameterDescriptor.ofMenu("order", Order.class)
            .label("Order")
            .help("Ascending or descending; equal keys keep their input order.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("sort", Family.DAT)
            .parameters(SORTCOL, TYPE_PARAM, ORDER)
            .input(PortSpec.dat("input", "the table to sort"))
            .doc(OperatorDoc.builder("Rows ordered by one column.")
                    .label("Sort DAT")
                    .details("""
                            Sorts data rows by `sortcol`, alphabetically or numerically, ascending or descending; \
                            the sort is stable. Incremental: appended input rows are inserted by binary search, \
                            rows dropped from the input's head are removed by binary search, and the output is \
                            rewritten from the first changed position only (`rows_touched`). Sorting a log by \
                            time therefore costs the new rows; random keys cost the rows after the insertion point.""")
                    .info("rows_touched", "output rows written by the last cook")
                    .build())
            .build(SortDat::new);

    /** One input row with its parsed key; identity matters (the shown list is compared by reference). */
    private static final class Entry {
        final long seq;
        final String[] row;
        final String text;
        final double number;

        Entry(long seq, String[] row, String text, double number) {
            this.seq = seq;
            this.row = row;
            this.text = text;
            this.number = number;
        }
    }

    private final DeltaReader reader = new DeltaReader();
    /** Rows in sorted order; equal to the output after every cook. */
    private final List<Entry> sorted = new ArrayList<>();
    /** The same entries in input order, to find the ones dropped from the input's head. */
    private final ArrayDeque<Entry> arrival = new ArrayDeque<>();

    private Comparator<Entry> order;
    private int keyCol;

    @Override
    public void cook(CookContext ctx) {
        Table in = ctx.input(0);
        DeltaReader.Change change = reader.read(in);
        boolean params = ctx.parChanged(SORTCOL) || ctx.parChanged(TYPE_PARAM) || ctx.parChanged(ORDER);
        if (change == DeltaReader.Change.NONE && !params) return;
        int touched;
        if (params || change == DeltaReader.Change.RESET || in.delta().changedCells() > 0) {
            touched = rebuild(ctx, in);
        } else {
            touched = applyDelta(ctx.output(), in);
        }
        ctx.info("rows_touched", touched);
    }

    private int rebuild(CookContext ctx, Table in) {
        keyCol = Tables.column(in, ctx.par(SORTCOL));
        if (keyCol < 0) {
            ctx.error("parameter 'sortcol': no column '" + ctx.par(SORTCOL) + "'; use a header name or an index below "
                    + in.numCols());
            keyCol = 0;
        }
        order = comparator(ctx.par(TYPE_PARAM), ctx.par(ORDER));
        sorted.clear();
        arrival.clear();
        for (int r = 0; r < in.numRows(); r++) {
            Entry e = entry(in, r);
            sorted.add(e);
            arrival.add(e);
        }
        sorted.sort(order);
        OutputTable out = ctx.output();
        out.setHeader(Tables.header(in));
        out.clear();
        for (Entry e : sorted) out.appendRow(e.row.clone());
        return sorted.size();
    }

    private int applyDelta(OutputTable out, Table in) {
        int shown = sorted.size();
        int minPos = Integer.MAX_VALUE;
        boolean headOnly = true;
        int dropped = reader.dropped();
        for (int i = 0; i < dropped && !arrival.isEmpty(); i++) {
            Entry gone = arrival.pollFirst();
            int at = Collections.binarySearch(sorted, gone, order);
            if (at < 0) throw new IllegalStateException("sort index lost row seq " + gone.seq);
            sorted.remove(at);
            if (at != 0) headOnly = false;
            minPos = Math.min(minPos, at);
        }
        if (headOnly && dropped > 0) {
            out.dropHead(dropped); // the dropped rows were the first ones shown: no rewrite needed
            shown -= dropped;
            minPos = Integer.MAX_VALUE;
        }
        for (int r = in.numRows() - reader.appended(); r < in.numRows(); r++) {
            Entry e = entry(in, r);
            arrival.addLast(e);
            int at = -Collections.binarySearch(sorted, e, order) - 1;
            sorted.add(at, e);
            minPos = Math.min(minPos, at);
        }
        if (sorted.size() < shown) {
            // Rows vanished from the middle and the table cannot drop rows at its tail: rewrite all.
            out.clear();
            for (Entry e : sorted) out.appendRow(e.row.clone());
            return sorted.size();
        }
        int touched = 0;
        for (int i = minPos; i < sorted.size(); i++) {
            String[] row = sorted.get(i).row;
            if (i < shown) {
                for (int c = 0; c < Math.max(row.length, out.rowLength(i)); c++)
                    out.setCell(i, c, c < row.length ? row[c] : "");
            } else {
                out.appendRow(row.clone());
            }
            touched++;
        }
        return touched;
    }

    private Entry entry(Table in, int r) {
        String[] row = Tables.row(in, r);
        String key = keyCol < row.length ? row[keyCol] : "";
        double n = Numbers.parse(key);
        return new Entry(in.firstRowSeq() + r, row, key, n);
    }

    private static Comparator<Entry> comparator(KeyType type, Order order) {
        boolean down = order == Order.DESCENDING;
        Comparator<Entry> byKey = type == KeyType.NUMERIC
                ? (a, b) -> compareNumbers(a.number, b.number, down)
                : (down ? (a, b) -> b.text.compareTo(a.text) : (a, b) -> a.text.compareTo(b.text));
        return byKey.thenComparingLong(e -> e.seq);
    }

    /** Numbers in the requested direction; cells that are not numbers (NaN) after every number either way. */
    private static int compareNumbers(double a, double b, boolean descending) {
        boolean an = Double.isNaN(a);
        boolean bn = Double.isNaN(b);
        if (an || bn) return an == bn ? 0 : an ? 1 : -1;
        return descending ? Double.compare(b, a) : Double.compare(a, b);
    }
}
