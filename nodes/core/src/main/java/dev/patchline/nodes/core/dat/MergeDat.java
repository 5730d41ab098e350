package dev.patchline.nodes.core.dat;

import dev.patchline.nodes.core.DeltaReader;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merge DAT: several tables into one, by appending rows (in input order or in arrival order) or by
 * joining columns on a key. Columns are matched by header name; the output header is the union.
 */
public final class MergeDat implements Operator {

    /** How the inputs are combined. */
    public enum How {
        @MenuLabel("Append rows: input 1's rows, then input 2's, ...")
        APPEND,
        @MenuLabel("Append rows in the order they arrive (a merged log, bounded by maxlines)")
        STREAM,
        @MenuLabel("Join columns: each row of input 1 with the rows of the others that share its key")
        JOIN;
    }

    public static final ParameterDescriptor<How> HOW = ParameterDescriptor.ofMenu("how", How.class)
            .label("Merge")
            .help("Append rows, interleave them as they arrive, or join columns by key.")
            .build();
    public static final ParameterDescriptor<String> KEY = ParameterDescriptor.ofString("key")
            .label("Key Column")
            .defaultValue("id")
            .help("For 'join': the column (header name) whose equal values join rows.")
            .build();
    public static final ParameterDescriptor<Integer> MAXLINES = ParameterDescriptor.ofInt("maxlines")
            .label("Maximum Lines")
            .defaultValue(1000)
            .range(0, 100_000_000)
            .help("For 'stream': rows kept, oldest dropped first; 0 keeps every row.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("merge", Family.DAT)
            .parameters(HOW, KEY, MAXLINES)
            .input(PortSpec.dat("inputs", "the tables to merge, in order").asRepeating())
            .doc(OperatorDoc.builder("Several tables into one: rows appended or columns joined by key.")
                    .label("Merge DAT")
                    .details("""
                            Columns are matched by header name and the output header is the union of the \
                            inputs' headers in order of first appearance; missing cells are empty.

                            `append` lists input 1's rows, then input 2's, and so on. When only one input changed \
                            by appending rows and every later input is empty (typically: the last input grows), \
                            or by dropping rows from the head of input 1, the change is applied without a rescan.
                            `stream` appends every input's new rows as they arrive (a merged log, always \
                            incremental), bounded by `maxlines`.
                            `join` keeps input 1's rows and adds the columns of the first row of each other input \
                            with the same `key` value (a left join); it rebuilds on every change.""")
                    .port("inputs", "two or more tables")
                    .info("rows_touched", "input rows processed by the last cook")
                    .build())
            .build(MergeDat::new);

    private DeltaReader[] readers = new DeltaReader[0];
    private DeltaReader.Change[] changes = new DeltaReader.Change[0];
    /** Stream mode: the last row sequence taken from each input. */
    private long[] taken = new long[0];

    private String[] header = new String[0];
    private int[][] colMap = new int[0][];

    @Override
    public void cook(CookContext ctx) {
        int n = ctx.numInputs();
        boolean rewired = readers.length != n;
        if (rewired) {
            readers = new DeltaReader[n];
            changes = new DeltaReader.Change[n];
            taken = new long[n];
            Arrays.fill(taken, -1);
            for (int i = 0; i < n; i++) readers[i] = new DeltaReader();
        }
        boolean headerChanged = false;
        for (int i = 0; i < n; i++) {
            changes[i] = readers[i].read(ctx.input(i));
            headerChanged |= changes[i] == DeltaReader.Change.RESET;
        }
        boolean params = ctx.parChanged(HOW) || ctx.parChanged(KEY) || rewired;
        How how = ctx.par(HOW);
        OutputTable out = ctx.output();
        if (how == How.JOIN) {
            ctx.info("rows_touched", join(ctx, out));
            return;
        }
        if (params || headerChanged) computeHeader(ctx);
        out.setHeader(header);
        if (how == How.STREAM) {
            out.setMaxRows(ctx.par(MAXLINES));
            if (params) Arrays.fill(taken, -1);
            int touched = 0;
            for (int i = 0; i < n; i++) {
                Table in = ctx.input(i);
                int start = (int) Math.max(0, Math.min(in.numRows(), taken[i] + 1 - in.firstRowSeq()));
                for (int r = start; r < in.numRows(); r++) {
                    out.appendRow(mapped(in, i, r));
                    touched++;
                }
                taken[i] = in.firstRowSeq() + in.numRows() - 1;
            }
            ctx.info("rows_touched", touched);
            return;
        }
        out.setMaxRows(0);
        int only = singleIncrementalChange(ctx);
        if (!params && only >= 0) {
            Table in = ctx.input(only);
            out.dropHead(readers[only].dropped());
            for (int r = in.numRows() - readers[only].appended(); r < in.numRows(); r++)
                out.appendRow(mapped(in, only, r));
            ctx.info("rows_touched", readers[only].appended());
            return;
        }
        if (!params && only == -2) return; // nothing changed
        out.clear();
        int touched = 0;
        for (int i = 0; i < n; i++) {
            Table in = ctx.input(i);
            for (int r = 0; r < in.numRows(); r++) out.appendRow(mapped(in, i, r));
            touched += in.numRows();
        }
        ctx.info("rows_touched", touched);
    }

    /**
     * {@return the one input whose change can be applied at the output's ends, -2 when nothing changed,
     * -1 when a rebuild is needed}
     */
    private int singleIncrementalChange(CookContext ctx) {
        int changed = -2;
        for (int i = 0; i < changes.length; i++) {
            if (changes[i] == DeltaReader.Change.NONE) continue;
            if (changes[i] == DeltaReader.Change.RESET || changed != -2) return -1;
            changed = i;
        }
        if (changed < 0) return changed;
        if (ctx.input(changed).delta().changedCells() > 0) return -1;
        if (readers[changed].dropped() > 0 && changed != 0) return -1;
        if (readers[changed].appended() > 0) {
            for (int i = changed + 1; i < changes.length; i++) if (ctx.input(i).numRows() > 0) return -1;
        }
        return changed;
    }

    private void computeHeader(CookContext ctx) {
        Map<String, Integer> union = new LinkedHashMap<>();
        for (int i = 0; i < ctx.numInputs(); i++) {
            Table in = ctx.input(i);
            for (int c = 0; c < in.numCols(); c++) union.putIfAbsent(in.header(c), union.size());
        }
        header = union.keySet().toArray(new String[0]);
        colMap = new int[ctx.numInputs()][];
        for (int i = 0; i < ctx.numInputs(); i++) {
            Table in = ctx.input(i);
            colMap[i] = new int[in.numCols()];
            for (int c = 0; c < in.numCols(); c++) colMap[i][c] = union.get(in.header(c));
        }
    }

    private String[] mapped(Table in, int input, int r) {
        String[] row = new String[header.length];
        Arrays.fill(row, "");
        int[] map = colMap[input];
        for (int c = 0; c < map.length && c < in.rowLength(r); c++) row[map[c]] = in.cell(r, c);
        return row;
    }

    private int join(CookContext ctx, OutputTable out) {
        String key = ctx.par(KEY);
        int n = ctx.numInputs();
        Table first = ctx.input(0);
        int firstKey = first.col(key);
        if (firstKey < 0) {
            ctx.error("parameter 'key': input 1 has no column '" + key + "'");
            return 0;
        }
        List<String> h = new ArrayList<>();
        for (int c = 0; c < first.numCols(); c++) h.add(first.header(c));
        List<int[]> extraCols = new ArrayList<>();
        List<Map<String, Integer>> index = new ArrayList<>();
        int touched = first.numRows();
        for (int i = 1; i < n; i++) {
            Table in = ctx.input(i);
            int k = in.col(key);
            if (k < 0) {
                ctx.error("parameter 'key': input " + (i + 1) + " has no column '" + key + "'");
                return 0;
            }
            int[] cols = new int[in.numCols()];
            int m = 0;
            for (int c = 0; c < in.numCols(); c++) {
                if (c == k) continue;
                String name = in.header(c);
                h.add(h.contains(name) ? name + "_" + (i + 1) : name);
                cols[m++] = c;
            }
            extraCols.add(Arrays.copyOf(cols, m));
            Map<String, Integer> rows = new HashMap<>();
            for (int r = 0; r < in.numRows(); r++) rows.putIfAbsent(in.cell(r, k), r);
            index.add(rows);
            touched += in.numRows();
        }
        out.setHeader(h.toArray(new String[0]));
        out.setMaxRows(0);
        out.clear();
        for (int r = 0; r < first.numRows(); r++) {
            String[] row = new String[h.size()];
            int p = 0;
            for (int c = 0; c < first.numCols(); c++) row[p++] = first.cell(r, c);
            String k = first.cell(r, firstKey);
            for (int i = 1; i < n; i++) {
                Integer match = index.get(i - 1).get(k);
                for (int c : extraCols.get(i - 1))
                    row[p++] = match == null ? "" : ctx.input(i).cell(match, c);
            }
            out.appendRow(row);
        }
        return touched;
    }
}
