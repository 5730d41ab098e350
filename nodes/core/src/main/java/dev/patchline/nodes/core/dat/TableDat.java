package dev.patchline.nodes.core.dat;

import dev.patchline.nodes.core.Csv;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.MenuLabel;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Table DAT: a table typed inline (CSV text) or loaded from a CSV/TSV file, reloaded when the file changes. */
public final class TableDat implements Operator {

    /** How the file or inline text is split into cells. */
    public enum Format {
        @MenuLabel("By file extension (.tsv, .dat, .txt: tab; otherwise comma)")
        AUTO,
        @MenuLabel("Comma-separated")
        CSV,
        @MenuLabel("Tab-separated")
        TSV;
    }

    public static final ParameterDescriptor<String> DATA = ParameterDescriptor.ofString("data")
            .label("Data")
            .help(
                    "Inline table as CSV text, one row per line, e.g. \"name,temp\\nkitchen,21\". Used when 'file' is empty.")
            .build();
    public static final ParameterDescriptor<String> FILE = ParameterDescriptor.ofString("file")
            .label("File")
            .help(
                    "Path of a .csv or .tsv file to load, relative to the graph file's folder and inside it unless allowed"
                            + " (--allow-path). Overrides 'data'.")
            .path()
            .build();
    public static final ParameterDescriptor<Format> FORMAT = ParameterDescriptor.ofMenu("format", Format.class)
            .label("Format")
            .help("Cell delimiter of the file or inline data.")
            .build();
    public static final ParameterDescriptor<Boolean> SYNCFILE = ParameterDescriptor.ofToggle("syncfile")
            .label("Sync to File")
            .defaultValue(true)
            .help("Reload the file whenever it changes on disk (checked every 200 ms without blocking the cook).")
            .build();
    public static final ParameterDescriptor<Boolean> RELOAD = ParameterDescriptor.ofPulse("reload")
            .label("Reload")
            .help("Read the file again now.")
            .build();
    public static final ParameterDescriptor<Boolean> FIRSTROWHEADER = ParameterDescriptor.ofToggle("firstrowheader")
            .label("First Row is Header")
            .defaultValue(true)
            .help("Use the first line as the header row (column names); otherwise columns are named c0, c1, ...")
            .build();
    public static final ParameterDescriptor<Boolean> REMOVEBLANK = ParameterDescriptor.ofToggle("removeblank")
            .label("Remove Blank Rows")
            .defaultValue(true)
            .help("Skip empty lines.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("table", Family.DAT)
            .parameters(DATA, FILE, FORMAT, SYNCFILE, RELOAD, FIRSTROWHEADER, REMOVEBLANK)
            .doc(OperatorDoc.builder("A table typed inline or loaded from a CSV/TSV file.")
                    .label("Table DAT")
                    .details("""
                            Holds a table of string cells. With `file` set it loads a CSV (RFC 4180 quoting) or \
                            TSV file and, with `syncfile` on, reloads it whenever the file changes on disk. A \
                            missing or unreadable file puts the node into the error state with the absolute path \
                            in the message; the node keeps its last content and loads the file as soon as it appears. \
                            The file must be inside the graph file's folder unless its folder is allowed with \
                            `--allow-path DIR` (see docs/guide/security.md).
                            Without `file`, `data` holds the table as CSV text. The first line is the header \
                            row unless `firstrowheader` is off.""")
                    .port("output", "header row plus one data row per line")
                    .info("rows", "data rows loaded")
                    .info("loads", "how many times the file or data was parsed")
                    .build())
            .build(TableDat::new);

    private final FileSource source = new FileSource(FILE.name());
    private int loads;

    @Override
    public void onStart(OperatorContext ctx) {
        source.start(ctx);
    }

    @Override
    public void cook(CookContext ctx) {
        String file = ctx.par(FILE);
        boolean changed = ctx.parChanged(DATA)
                || ctx.parChanged(FILE)
                || ctx.parChanged(FORMAT)
                || ctx.parChanged(FIRSTROWHEADER)
                || ctx.parChanged(REMOVEBLANK);
        String text = source.textToShow(ctx, file, ctx.par(SYNCFILE), ctx.pulsed(RELOAD), ctx.par(DATA), changed);
        if (text == null) return;
        char delimiter = delimiter(ctx.par(FORMAT), file);
        List<String[]> rows;
        try {
            rows = Csv.parse(text, delimiter);
        } catch (IllegalArgumentException e) {
            ctx.error((file.isEmpty() ? "parameter 'data'" : "file " + file) + ": " + e.getMessage());
            return;
        }
        fill(ctx.output(), rows, ctx.par(FIRSTROWHEADER), ctx.par(REMOVEBLANK));
        loads++;
        ctx.info("rows", ctx.output().numRows());
        ctx.info("loads", loads);
    }

    static void fill(OutputTable out, List<String[]> rows, boolean firstRowHeader, boolean removeBlank) {
        if (removeBlank) rows.removeIf(r -> r.length == 0 || r.length == 1 && r[0].isBlank());
        int width = 0;
        for (String[] r : rows) width = Math.max(width, r.length);
        String[] header;
        int first = 0;
        if (firstRowHeader && !rows.isEmpty()) {
            header = Arrays.copyOf(rows.get(0), width);
            for (int c = 0; c < width; c++) if (header[c] == null) header[c] = "c" + c;
            first = 1;
        } else {
            header = new String[width];
            for (int c = 0; c < width; c++) header[c] = "c" + c;
        }
        out.setHeader(header);
        out.clear();
        for (int r = first; r < rows.size(); r++) out.appendRow(rows.get(r));
    }

    static char delimiter(Format f, String file) {
        if (f == Format.TSV) return '\t';
        if (f == Format.CSV) return ',';
        String lower = file.toLowerCase(Locale.ROOT);
        return lower.endsWith(".tsv") || lower.endsWith(".dat") || lower.endsWith(".txt") ? '\t' : ',';
    }

    @Override
    public void onStop(boolean removed) {
        source.closeWatch();
    }
}
