package dev.patchline.nodes.core.dat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchline.nodes.core.DeltaReader;
import dev.patchline.nodes.core.Numbers;
import dev.patchline.nodes.core.Tables;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.data.TableDelta;
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
import java.util.Map;

/**
 * JSON DAT: pulls values out of a column of JSON text into columns (JSON pointers or JSONPath-like
 * paths), or turns a table into JSON text. Row by row, so appended rows are all a cook parses.
 */
public final class JsonDat implements Operator {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Direction. */
    public enum Mode {
        @MenuLabel("JSON text to columns")
        TOCOLUMNS,
        @MenuLabel("Table to JSON: one object per row (JSON Lines)")
        TOLINES,
        @MenuLabel("Table to JSON: one array of objects in one cell")
        TOARRAY;
    }

    public static final ParameterDescriptor<Mode> MODE = ParameterDescriptor.ofMenu("mode", Mode.class)
            .label("Mode")
            .help("Extract columns from JSON text, or write the table as JSON.")
            .build();
    public static final ParameterDescriptor<String> SOURCE = ParameterDescriptor.ofString("source")
            .label("JSON Column")
            .defaultValue("payload")
            .help("For 'tocolumns': the column holding JSON text (header name or 0-based index).")
            .build();
    public static final ParameterDescriptor<Map<String, String>> COLUMNS = ParameterDescriptor.ofDict("columns")
            .label("Columns")
            .help(
                    "For 'tocolumns': output column name to path, e.g. {\"temp\": \"/sensor/temp\", \"room\": \"$.room\"}. "
                            + "Paths are JSON pointers or $.a.b[0] style.")
            .build();
    public static final ParameterDescriptor<Boolean> KEEPINPUT = ParameterDescriptor.ofToggle("keepinput")
            .label("Keep Input Columns")
            .defaultValue(true)
            .help("For 'tocolumns': copy the input's columns before the new ones.")
            .build();
    public static final ParameterDescriptor<Boolean> TYPED = ParameterDescriptor.ofToggle("typed")
            .label("Typed Values")
            .defaultValue(true)
            .help("When writing JSON: cells that are numbers or true/false become JSON numbers and booleans.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("json", Family.DAT)
            .parameters(MODE, SOURCE, COLUMNS, KEEPINPUT, TYPED)
            .input(PortSpec.dat("input", "rows with JSON text, or a table to write as JSON"))
            .doc(OperatorDoc.builder("JSON text to columns, or a table to JSON.")
                    .label("JSON DAT")
                    .details("""
                            `tocolumns` parses the `source` column of each row and adds one column per entry of \
                            `columns`; strings become their text, numbers and booleans their JSON text, objects and \
                            arrays compact JSON, and a missing value an empty cell. A row that is not valid JSON \
                            gets empty cells and a warning naming the row (`parse_errors`).
                            `tolines` writes one JSON object per row (header names as keys) in column `json`; \
                            `toarray` writes all rows as one array in a single cell.
                            `tocolumns` and `tolines` parse or write only appended rows and drop rows the input \
                            dropped; `toarray` rewrites its cell.""")
                    .info("rows_parsed", "rows parsed or written by the last cook")
                    .info("parse_errors", "rows of the last cook that were not valid JSON")
                    .build())
            .build(JsonDat::new);

    private final DeltaReader reader = new DeltaReader();
    private List<JsonPath> paths = new ArrayList<>();
    private int sourceCol;
    private int rowsParsed;
    private int errors;
    private String firstError;

    @Override
    public void cook(CookContext ctx) {
        Table in = ctx.input(0);
        DeltaReader.Change change = reader.read(in);
        boolean params = ctx.parChanged(MODE)
                || ctx.parChanged(SOURCE)
                || ctx.parChanged(COLUMNS)
                || ctx.parChanged(KEEPINPUT)
                || ctx.parChanged(TYPED);
        if (change == DeltaReader.Change.NONE && !params) return;
        rowsParsed = 0;
        errors = 0;
        firstError = null;
        OutputTable out = ctx.output();
        Mode mode = ctx.par(MODE);
        if (mode == Mode.TOARRAY) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (int r = 0; r < in.numRows(); r++) a.add(object(in, r, ctx.par(TYPED)));
            out.setHeader("json");
            out.clear();
            out.appendRow(a.toString());
            rowsParsed = in.numRows();
        } else {
            boolean incremental =
                    !params && change == DeltaReader.Change.INCREMENTAL && out.numRows() >= reader.dropped();
            if (!incremental && !prepare(ctx, in, out, mode)) return;
            TableDelta d = in.delta();
            int oldRows = in.numRows() - reader.appended();
            if (incremental) {
                out.dropHead(reader.dropped());
                int lastRow = -1;
                for (int i = 0; i < d.changedCells(); i++) {
                    int r = (int) (d.changedRowSeq(i) - in.firstRowSeq());
                    if (r < 0 || r >= oldRows || r == lastRow) continue;
                    lastRow = r;
                    String[] row = convert(ctx, in, r, mode);
                    for (int c = 0; c < row.length; c++) out.setCell(r, c, row[c]);
                }
            } else {
                oldRows = 0;
            }
            for (int r = oldRows; r < in.numRows(); r++) out.appendRow(convert(ctx, in, r, mode));
        }
        ctx.info("rows_parsed", rowsParsed);
        ctx.info("parse_errors", errors);
        if (firstError != null) ctx.warning(firstError + (errors > 1 ? " (and " + (errors - 1) + " more rows)" : ""));
    }

    /** Compiles paths and writes the header; {@return false when a parameter is invalid (error reported)} */
    private boolean prepare(CookContext ctx, Table in, OutputTable out, Mode mode) {
        out.clear();
        if (mode == Mode.TOLINES) {
            out.setHeader("json");
            return true;
        }
        sourceCol = Tables.column(in, ctx.par(SOURCE));
        if (sourceCol < 0) {
            ctx.error("parameter 'source': the input has no column '" + ctx.par(SOURCE) + "'");
            return false;
        }
        List<JsonPath> compiled = new ArrayList<>();
        List<String> header = new ArrayList<>();
        if (ctx.par(KEEPINPUT)) for (int c = 0; c < in.numCols(); c++) header.add(in.header(c));
        for (Map.Entry<String, String> e : ctx.par(COLUMNS).entrySet()) {
            try {
                compiled.add(JsonPath.compile(e.getValue()));
            } catch (IllegalArgumentException ex) {
                ctx.error("parameter 'columns', column '" + e.getKey() + "': " + ex.getMessage());
                return false;
            }
            header.add(e.getKey());
        }
        if (compiled.isEmpty())
            ctx.warning(
                    "parameter 'columns' is empty: add output column names with JSON paths, e.g. {\"temp\": \"/temp\"}");
        paths = compiled;
        out.setHeader(header.toArray(new String[0]));
        return true;
    }

    private String[] convert(CookContext ctx, Table in, int r, Mode mode) {
        rowsParsed++;
        if (mode == Mode.TOLINES)
            return new String[] {object(in, r, ctx.par(TYPED)).toString()};
        int keep = ctx.par(KEEPINPUT) ? in.numCols() : 0;
        String[] row = new String[keep + paths.size()];
        for (int c = 0; c < keep; c++) row[c] = in.cell(r, c);
        JsonNode root = null;
        String text = in.cell(r, sourceCol);
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            errors++;
            if (firstError == null) {
                firstError = "row " + r + ": column '" + in.header(sourceCol) + "' is not valid JSON at line "
                        + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage();
            }
        }
        for (int i = 0; i < paths.size(); i++)
            row[keep + i] = root == null ? "" : text(paths.get(i).find(root));
        return row;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return "";
        if (n.isValueNode()) return n.asText();
        return n.toString();
    }

    private static ObjectNode object(Table in, int r, boolean typed) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int c = 0; c < in.numCols(); c++) {
            String v = in.cell(r, c);
            if (typed && (v.equals("true") || v.equals("false"))) {
                o.put(in.header(c), Boolean.parseBoolean(v));
            } else if (typed && !v.isEmpty() && !Double.isNaN(Numbers.parse(v)) && looksNumeric(v)) {
                double d = Numbers.parse(v);
                if (d == Math.rint(d) && Math.abs(d) < 1e15 && !v.contains(".") && !v.contains("e") && !v.contains("E"))
                    o.put(in.header(c), (long) d);
                else o.put(in.header(c), d);
            } else {
                o.put(in.header(c), v);
            }
        }
        return o;
    }

    /** JSON number syntax only (so "NaN", "Infinity", " 1" and "+1" stay strings). */
    private static boolean looksNumeric(String v) {
        return v.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    }
}
