package dev.patchline.nodes.core.chop;

import dev.patchline.nodes.core.DeltaReader;
import dev.patchline.nodes.core.Numbers;
import dev.patchline.nodes.core.Patterns;
import dev.patchline.nodes.core.ReferencedNodes;
import dev.patchline.runtime.data.OutputChannels;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.MenuLabel;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.Arrays;

/**
 * DAT to CHOP: channels from the numbers of a table, with TouchDesigner's output modes. In the
 * common "channel per column" mode it keeps the parsed numbers and, when the input only gained rows
 * at the tail or lost rows at the head, parses just the new cells.
 */
public final class DatToChop implements Operator {

    /** How cells become channels. */
    public enum Output {
        @MenuLabel("Channel per Column (one sample per row)")
        CHANPERCOL,
        @MenuLabel("Channel per Row (one sample per column)")
        CHANPERROW,
        @MenuLabel("One channel, every cell in row order")
        SINGLE,
        @MenuLabel("Channel per cell (one sample each)")
        CHANPERVALUE;
    }

    /** What the header row or the first column is. */
    public enum Role {
        @MenuLabel("Names")
        NAMES,
        @MenuLabel("Values")
        VALUES,
        @MenuLabel("Ignored")
        IGNORED;
    }

    public static final ParameterDescriptor<String> DAT = ParameterDescriptor.ofOperator("dat", Family.DAT)
            .label("DAT")
            .help("Table to convert instead of the wired input.")
            .build();
    public static final ParameterDescriptor<Output> OUTPUT = ParameterDescriptor.ofMenu("output", Output.class)
            .label("Output")
            .help("How cells become channels and samples.")
            .build();
    public static final ParameterDescriptor<Role> FIRSTROW = ParameterDescriptor.ofMenu("firstrow", Role.class)
            .label("First Row is")
            .help("The header row: channel names, numbers, or ignored.")
            .build();
    public static final ParameterDescriptor<Role> FIRSTCOLUMN = ParameterDescriptor.ofMenu("firstcolumn", Role.class)
            .label("First Column is")
            .defaultValue(Role.VALUES)
            .help("Column 0: row names, numbers, or ignored.")
            .build();
    public static final ParameterDescriptor<String> COLNAMES = ParameterDescriptor.ofString("colnames")
            .label("Columns")
            .defaultValue("*")
            .help("Pattern of header names of the columns to use (* ? [a-z], ^ excludes).")
            .build();

    public static final OperatorType TYPE = OperatorType.define("datTo", Family.CHOP)
            .formerIds("datto")
            .parameters(DAT, OUTPUT, FIRSTROW, FIRSTCOLUMN, COLNAMES)
            .input(PortSpec.dat("input", "the table of numbers").optional())
            .doc(OperatorDoc.builder("Channels from the numbers in a table.")
                    .label("DAT to CHOP")
                    .details("""
                            `chanpercol`: a channel per column named by its header, one sample per data row. \
                            `chanperrow`: a channel per row named by its first cell (`firstcolumn` = names), one \
                            sample per column. `single`: one channel `chan1` with every cell in row order. \
                            `chanpervalue`: one channel per cell, named `<row name>:<column name>`.
                            Cells that are not numbers become 0 and are counted in `non_numeric` (true/false \
                            read as 1/0). In `chanpercol` mode with the header as names, appended rows and rows \
                            dropped at the head are handled without parsing the rest of the table.""")
                    .port("input", "the table of numbers; optional when `dat` is set")
                    .info("cells_parsed", "cells parsed by the last cook")
                    .info("non_numeric", "cells of the last cook that were not numbers")
                    .build())
            .build(DatToChop::new);

    private final DeltaReader reader = new DeltaReader();
    private int parsed;
    private int nonNumeric;
    // Column cache for chanpercol: values[c][(start + s) % cap]
    private int[] cols = new int[0];
    private double[][] values = new double[0][];
    private int start;
    private int size;

    @Override
    public void cook(CookContext ctx) {
        Table in = source(ctx);
        if (in == null) return;
        DeltaReader.Change change = reader.read(in);
        boolean params = ctx.parChanged(OUTPUT)
                || ctx.parChanged(FIRSTROW)
                || ctx.parChanged(FIRSTCOLUMN)
                || ctx.parChanged(COLNAMES)
                || ctx.parChanged(DAT);
        if (change == DeltaReader.Change.NONE && !params) return;
        parsed = 0;
        nonNumeric = 0;
        OutputChannels out = ctx.outputChannels();
        Output mode = ctx.par(OUTPUT);
        if (mode == Output.CHANPERCOL && ctx.par(FIRSTROW) != Role.VALUES) {
            if (params || change != DeltaReader.Change.INCREMENTAL) reloadColumns(ctx, in);
            else applyDelta(in);
            writeColumns(ctx, in, out);
        } else {
            rebuildOther(ctx, in, out, mode);
        }
        ctx.info("cells_parsed", parsed);
        ctx.info("non_numeric", nonNumeric);
        if (nonNumeric > 0) {
            ctx.warning(nonNumeric + " cells are not numbers and became 0; pick numeric columns with 'colnames'");
        }
    }

    private Table source(CookContext ctx) {
        if (!ctx.par(DAT).isEmpty()) {
            return ReferencedNodes.table(ctx, DAT);
        }
        if (ctx.numInputs() == 0) {
            ctx.error("datTo: wire an input or set parameter 'dat' to the table to convert");
            return null;
        }
        return ctx.input(0);
    }

    private double parse(String s) {
        parsed++;
        double v = Numbers.parse(s);
        if (Double.isNaN(v)) {
            nonNumeric++;
            return 0;
        }
        return v;
    }

    private int[] chosenColumns(CookContext ctx, Table in) {
        Patterns p = Patterns.compile(ctx.par(COLNAMES));
        int first = ctx.par(FIRSTCOLUMN) == Role.VALUES ? 0 : 1;
        int[] c = new int[Math.max(0, in.numCols())];
        int k = 0;
        for (int i = first; i < in.numCols(); i++) if (p.matches(in.header(i))) c[k++] = i;
        return Arrays.copyOf(c, k);
    }

    private void reloadColumns(CookContext ctx, Table in) {
        cols = chosenColumns(ctx, in);
        int cap = Integer.highestOneBit(Math.max(16, in.numRows()) * 2 - 1);
        values = new double[cols.length][cap];
        start = 0;
        size = 0;
        for (int r = 0; r < in.numRows(); r++) appendRow(in, r);
    }

    private void applyDelta(Table in) {
        int drop = Math.min(reader.dropped(), size);
        start = (start + drop) & (capacity() - 1);
        size -= drop;
        var d = in.delta();
        int oldRows = in.numRows() - reader.appended();
        for (int i = 0; i < d.changedCells(); i++) {
            int r = (int) (d.changedRowSeq(i) - in.firstRowSeq());
            if (r < 0 || r >= oldRows) continue;
            for (int k = 0; k < cols.length; k++) {
                if (cols[k] == d.changedCol(i)) values[k][(start + r) & (capacity() - 1)] = parse(in.cell(r, cols[k]));
            }
        }
        for (int r = oldRows; r < in.numRows(); r++) appendRow(in, r);
    }

    private int capacity() {
        return values.length == 0 ? 1 << 30 : values[0].length;
    }

    private void appendRow(Table in, int r) {
        if (cols.length == 0) {
            size++;
            return;
        }
        if (size == capacity()) {
            int cap = capacity();
            for (int k = 0; k < cols.length; k++) {
                double[] bigger = new double[cap * 2];
                for (int s = 0; s < size; s++) bigger[s] = values[k][(start + s) & (cap - 1)];
                values[k] = bigger;
            }
            start = 0;
        }
        int slot = (start + size) & (capacity() - 1);
        for (int k = 0; k < cols.length; k++) values[k][slot] = parse(in.cell(r, cols[k]));
        size++;
    }

    private void writeColumns(CookContext ctx, Table in, OutputChannels out) {
        boolean named = ctx.par(FIRSTROW) == Role.NAMES;
        boolean sameNames = out.numChans() == cols.length;
        for (int k = 0; sameNames && k < cols.length; k++)
            sameNames = out.name(k).equals(channelName(in, k, named));
        if (!sameNames) {
            out.clear();
            for (int k = 0; k < cols.length; k++) out.channel(channelName(in, k, named));
        }
        out.setNumSamples(size);
        int mask = capacity() - 1;
        for (int k = 0; k < cols.length; k++) {
            double[] v = values[k];
            for (int s = 0; s < size; s++) out.set(k, s, v[(start + s) & mask]);
        }
    }

    private String channelName(Table in, int k, boolean named) {
        return named ? in.header(cols[k]) : "chan" + (k + 1);
    }

    private void rebuildOther(CookContext ctx, Table in, OutputChannels out, Output mode) {
        Role firstRow = ctx.par(FIRSTROW);
        Role firstCol = ctx.par(FIRSTCOLUMN);
        int[] cs = chosenColumns(ctx, in);
        boolean headerRow = firstRow == Role.VALUES;
        int rows = in.numRows() + (headerRow ? 1 : 0);
        out.clear();
        switch (mode) {
            case CHANPERCOL -> {
                out.setNumSamples(rows);
                for (int k = 0; k < cs.length; k++) {
                    int ch = out.channel("chan" + (k + 1));
                    for (int r = 0; r < rows; r++) out.set(ch, r, parse(cellOrHeader(in, r, cs[k], headerRow)));
                }
            }
            case CHANPERROW -> {
                out.setNumSamples(cs.length);
                for (int r = 0; r < rows; r++) {
                    String name = firstCol == Role.NAMES ? cellOrHeader(in, r, 0, headerRow) : "chan" + (r + 1);
                    int ch = out.channel(name.isEmpty() ? "chan" + (r + 1) : name);
                    for (int k = 0; k < cs.length; k++) out.set(ch, k, parse(cellOrHeader(in, r, cs[k], headerRow)));
                }
            }
            case SINGLE -> {
                out.setNumSamples(rows * cs.length);
                int ch = out.channel("chan1");
                int s = 0;
                for (int r = 0; r < rows; r++) {
                    for (int c : cs) out.set(ch, s++, parse(cellOrHeader(in, r, c, headerRow)));
                }
            }
            case CHANPERVALUE -> {
                out.setNumSamples(1);
                for (int r = 0; r < rows; r++) {
                    String rowName = firstCol == Role.NAMES ? cellOrHeader(in, r, 0, headerRow) : Integer.toString(r);
                    for (int c : cs) {
                        String colName = firstRow == Role.NAMES ? in.header(c) : Integer.toString(c);
                        out.set(out.channel(rowName + ":" + colName), 0, parse(cellOrHeader(in, r, c, headerRow)));
                    }
                }
            }
        }
    }

    private static String cellOrHeader(Table in, int r, int c, boolean headerRow) {
        if (headerRow) return r == 0 ? in.header(c) : in.cell(r - 1, c);
        return in.cell(r, c);
    }
}
