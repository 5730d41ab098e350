package dev.patchline.nodes.core.dat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchline.nodes.core.Csv;
import dev.patchline.nodes.core.DeltaReader;
import dev.patchline.nodes.core.Tables;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.files.PathRefusedException;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.MenuLabel;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * File Out DAT: appends the rows its input gains to a CSV or JSON Lines file, rotating the file by size.
 * It remembers the sequence number of the last row written, so each cook writes exactly the new rows,
 * even across input resets, and a row dropped by a bounded input before it was written is counted.
 */
public final class FileOutDat implements Operator {

    /** File format. */
    public enum Format {
        @MenuLabel("CSV with a header line at the top of each file")
        CSV,
        @MenuLabel("JSON Lines: one object per row, header names as keys")
        JSONL;
    }

    public static final ParameterDescriptor<String> FILE = ParameterDescriptor.ofString("file")
            .label("File")
            .help("Path of the file to append to, relative to the graph file's folder and inside it unless allowed"
                    + " (--allow-path); folders are created.")
            .path()
            .build();
    public static final ParameterDescriptor<Format> FORMAT = ParameterDescriptor.ofMenu("format", Format.class)
            .label("Format")
            .help("CSV or JSON Lines.")
            .build();
    public static final ParameterDescriptor<Boolean> ACTIVE = ParameterDescriptor.ofToggle("active")
            .label("Active")
            .defaultValue(true)
            .help("Write rows; while off, new rows are skipped (not written later).")
            .build();
    public static final ParameterDescriptor<Integer> MAXBYTES = ParameterDescriptor.ofInt("maxbytes")
            .label("Rotate at Bytes")
            .range(0, Integer.MAX_VALUE)
            .help("Start a new file when the next line would make the file larger than this; 0 never rotates.")
            .build();
    public static final ParameterDescriptor<Integer> MAXFILES = ParameterDescriptor.ofInt("maxfiles")
            .label("Rotated Files Kept")
            .defaultValue(5)
            .range(1, 1000)
            .help("How many rotated files (file.1 newest ... file.N oldest) are kept; older ones are deleted.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("fileOut", Family.DAT)
            .formerIds("fileout")
            .parameters(FILE, FORMAT, ACTIVE, MAXBYTES, MAXFILES)
            .input(PortSpec.dat("input", "the rows to write"))
            .cookAlways()
            .doc(OperatorDoc.builder("Appends new rows to a CSV or JSON Lines file, with rotation by size.")
                    .label("File Out DAT")
                    .details("""
                            Writes each row once, when it first appears in the input: the operator keeps the \
                            sequence number of the last row written, so a growing log costs the new rows per \
                            cook. Cells changed in place after a row was written are not rewritten. CSV files get \
                            the header line at the top of each new file. With `maxbytes` the file is renamed to \
                            `file.1` (older ones shift to `.2` ... up to `maxfiles`) before a line would exceed it.
                            A file that cannot be opened or written is an error on the node naming the path; \
                            the node retries on the next cook and the rest of the graph keeps running. Its output \
                            table passes the input through unchanged.
                            The file must be inside the graph file's folder: an absolute path or one that leaves \
                            the folder (`..`, a symbolic link) is refused, and nothing is written, unless its folder \
                            is allowed with `--allow-path DIR` (see docs/guide/security.md).""")
                    .info("rows_written", "rows written by the last cook")
                    .info("total_rows", "rows written since start")
                    .info("rotations", "files rotated since start")
                    .info("missed", "rows that left a bounded input before they could be written")
                    .build())
            .build(FileOutDat::new);

    private final DeltaReader passThrough = new DeltaReader();
    private final StringBuilder line = new StringBuilder();
    private OutputStream stream;
    private Path path;
    private long size;
    private long lastSeq = -1;
    private long total;
    private long rotations;
    private long missed;

    @Override
    public void cook(CookContext ctx) {
        Table in = ctx.input(0);
        Tables.mirror(in, ctx.output(), passThrough, passThrough.read(in));
        if (ctx.parChanged(FILE) || ctx.parChanged(FORMAT)) close();
        int written = 0;
        long end = in.firstRowSeq() + in.numRows() - 1;
        if (!ctx.par(ACTIVE) || ctx.par(FILE).isEmpty()) {
            if (ctx.par(FILE).isEmpty() && ctx.par(ACTIVE))
                ctx.warning("parameter 'file' is empty: nothing is written");
            lastSeq = end;
        } else {
            int from = (int) Math.max(0, lastSeq + 1 - in.firstRowSeq());
            if (lastSeq >= 0 && lastSeq + 1 < in.firstRowSeq()) missed += in.firstRowSeq() - lastSeq - 1;
            try {
                for (int r = from; r < in.numRows(); r++) {
                    write(ctx, in, r);
                    lastSeq = in.firstRowSeq() + r;
                    written++;
                }
                if (stream != null) stream.flush();
            } catch (IOException e) {
                ctx.error("parameter 'file': cannot write " + path.toAbsolutePath() + ": " + e.getMessage()
                        + "; will retry on the next cook");
                close();
            } catch (PathRefusedException e) {
                ctx.error("parameter 'file': " + e.getMessage() + "; nothing is written");
                close();
            }
        }
        total += written;
        ctx.info("rows_written", written);
        ctx.info("total_rows", total);
        ctx.info("rotations", rotations);
        ctx.info("missed", missed);
    }

    private void write(CookContext ctx, Table in, int r) throws IOException {
        line.setLength(0);
        boolean csv = ctx.par(FORMAT) == Format.CSV;
        if (csv) {
            Csv.appendLine(line, Tables.row(in, r), ',');
        } else {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (int c = 0; c < Math.max(in.numCols(), in.rowLength(r)); c++) {
                String key = c < in.numCols() ? in.header(c) : "c" + c;
                o.put(key, in.cell(r, c));
            }
            line.append(o).append('\n');
        }
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        open(ctx, in, csv);
        int max = ctx.par(MAXBYTES);
        if (max > 0 && size > headerBytes(in, csv) && size + bytes.length > max) {
            rotate(ctx);
            open(ctx, in, csv);
        }
        stream.write(bytes);
        size += bytes.length;
    }

    private long headerBytes(Table in, boolean csv) {
        if (!csv) return 0;
        StringBuilder h = new StringBuilder();
        Csv.appendLine(h, Tables.header(in), ',');
        return h.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private void open(CookContext ctx, Table in, boolean csv) throws IOException {
        if (stream != null) return;
        path = ctx.resolvePath(ctx.par(FILE));
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        size = Files.exists(path) ? Files.size(path) : 0;
        stream = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (csv && size == 0) {
            StringBuilder h = new StringBuilder();
            Csv.appendLine(h, Tables.header(in), ',');
            byte[] b = h.toString().getBytes(StandardCharsets.UTF_8);
            stream.write(b);
            size = b.length;
        }
    }

    private void rotate(CookContext ctx) throws IOException {
        close();
        int keep = ctx.par(MAXFILES);
        Files.deleteIfExists(sibling(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(sibling(i))) Files.move(sibling(i), sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(path, sibling(1), StandardCopyOption.REPLACE_EXISTING);
        rotations++;
    }

    private Path sibling(int i) {
        return path.resolveSibling(path.getFileName() + "." + i);
    }

    private void close() {
        if (stream == null) return;
        try {
            stream.close();
        } catch (IOException ignored) {
            // Closing after a failed write: the error was already reported on the node.
        }
        stream = null;
    }

    @Override
    public void onStop(boolean removed) {
        close();
    }
}
