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
import java.util.List;

/** Convert DAT: lines of text into a table of cells, or a table into lines of text. */
public final class ConvertDat implements Operator {

    /** Direction of the conversion. */
    public enum How {
        @MenuLabel("Text to table: split each line into cells")
        TOTABLE,
        @MenuLabel("Table to text: join each row's cells into one line")
        TOTEXT;
    }

    public static final ParameterDescriptor<How> HOW = ParameterDescriptor.ofMenu("how", How.class)
            .label("Convert To")
            .help("Split text into cells, or join cells into text.")
            .build();
    public static final ParameterDescriptor<String> DELIMITERS = ParameterDescriptor.ofString("delimiters")
            .label("Split Cells At")
            .defaultValue(",")
            .help("Every character here separates cells when splitting, e.g. \",;\" or a tab (\\t).")
            .build();
    public static final ParameterDescriptor<Boolean> REMOVEBLANK = ParameterDescriptor.ofToggle("removeblank")
            .label("Remove Blank Cells")
            .help("Drop empty cells created by consecutive delimiters.")
            .build();
    public static final ParameterDescriptor<Boolean> FIRSTROWHEADER = ParameterDescriptor.ofToggle("firstrowheader")
            .label("First Line is Header")
            .defaultValue(true)
            .help("When splitting, the first line gives the column names; otherwise columns are c0, c1, ...")
            .build();
    public static final ParameterDescriptor<String> SPACER = ParameterDescriptor.ofString("spacer")
            .label("Spacer")
            .defaultValue(" ")
            .help("Text put between cells when joining.")
            .build();
    public static final ParameterDescriptor<Boolean> INCLUDEHEADER = ParameterDescriptor.ofToggle("includeheader")
            .label("Include Header")
            .defaultValue(true)
            .help("When joining, the header row becomes the first line.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("convert", Family.DAT)
            .parameters(HOW, DELIMITERS, REMOVEBLANK, FIRSTROWHEADER, SPACER, INCLUDEHEADER)
            .input(PortSpec.dat("input", "text (a Text DAT: one line per row) or a table"))
            .doc(OperatorDoc.builder("Text lines into table cells, or table rows into text lines.")
                    .label("Convert DAT")
                    .details("""
                            `totable`: each input row's cells are joined with `spacer`, then split at every \
                            character of `delimiters`. `totext`: each row's cells are joined with `spacer` into the \
                            single column `text`. Appended input rows are converted alone; a rescan happens only \
                            when the header line itself leaves the input.""")
                    .info("rows_converted", "input rows converted by the last cook")
                    .build())
            .build(ConvertDat::new);

    private final DeltaReader reader = new DeltaReader();

    @Override
    public void cook(CookContext ctx) {
        Table in = ctx.input(0);
        DeltaReader.Change change = reader.read(in);
        boolean params = ctx.parChanged(HOW)
                || ctx.parChanged(DELIMITERS)
                || ctx.parChanged(REMOVEBLANK)
                || ctx.parChanged(FIRSTROWHEADER)
                || ctx.parChanged(SPACER)
                || ctx.parChanged(INCLUDEHEADER);
        if (change == DeltaReader.Change.NONE && !params) return;
        boolean toTable = ctx.par(HOW) == How.TOTABLE;
        if (toTable && ctx.par(DELIMITERS).isEmpty()) {
            ctx.error("parameter 'delimiters' is empty: give at least one character that separates cells, e.g. ','");
            return;
        }
        // The output row of input row r is r - offset; a header taken from the input's first row or
        // written as the first line breaks that mapping when rows leave the head.
        boolean headLinked = toTable ? ctx.par(FIRSTROWHEADER) : ctx.par(INCLUDEHEADER);
        boolean incremental = !params
                && change == DeltaReader.Change.INCREMENTAL
                && in.delta().changedCells() == 0
                && !(headLinked && reader.dropped() > 0);
        OutputTable out = ctx.output();
        int converted;
        if (incremental) {
            out.dropHead(reader.dropped());
            converted = 0;
            for (int r = in.numRows() - reader.appended(); r < in.numRows(); r++) {
                out.appendRow(
                        toTable
                                ? split(ctx, join(in, r, ctx.par(SPACER)))
                                : new String[] {join(in, r, ctx.par(SPACER))});
                converted++;
            }
        } else {
            converted = in.numRows();
            out.clear();
            if (toTable) rebuildTable(ctx, in, out);
            else rebuildText(ctx, in, out);
        }
        ctx.info("rows_converted", converted);
    }

    private void rebuildTable(CookContext ctx, Table in, OutputTable out) {
        List<String[]> rows = new ArrayList<>();
        for (int r = 0; r < in.numRows(); r++) rows.add(split(ctx, join(in, r, ctx.par(SPACER))));
        int width = 0;
        for (String[] row : rows) width = Math.max(width, row.length);
        int first = 0;
        String[] header = new String[width];
        for (int c = 0; c < width; c++) header[c] = "c" + c;
        if (ctx.par(FIRSTROWHEADER) && !rows.isEmpty()) {
            String[] h = rows.get(0);
            for (int c = 0; c < h.length; c++) header[c] = h[c];
            first = 1;
        }
        out.setHeader(header);
        for (int r = first; r < rows.size(); r++) out.appendRow(rows.get(r));
    }

    private void rebuildText(CookContext ctx, Table in, OutputTable out) {
        out.setHeader(TextDat.COLUMN);
        if (ctx.par(INCLUDEHEADER) && in.numCols() > 0) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < in.numCols(); c++)
                b.append(c == 0 ? "" : ctx.par(SPACER)).append(in.header(c));
            out.appendRow(b.toString());
        }
        for (int r = 0; r < in.numRows(); r++) out.appendRow(join(in, r, ctx.par(SPACER)));
    }

    private static String join(Table in, int r, String spacer) {
        int n = in.rowLength(r);
        if (n == 1) return in.cell(r, 0);
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < n; c++) b.append(c == 0 ? "" : spacer).append(in.cell(r, c));
        return b.toString();
    }

    private static String[] split(CookContext ctx, String line) {
        String delims = ctx.par(DELIMITERS).replace("\\t", "\t");
        boolean removeBlank = ctx.par(REMOVEBLANK);
        List<String> cells = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || delims.indexOf(line.charAt(i)) >= 0) {
                String cell = line.substring(start, i);
                if (!(removeBlank && cell.isEmpty())) cells.add(cell);
                start = i + 1;
            }
        }
        return cells.toArray(new String[0]);
    }
}
