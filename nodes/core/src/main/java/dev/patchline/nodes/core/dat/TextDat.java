package dev.patchline.nodes.core.dat;

import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;

/** Text DAT: free text (inline or from a file) as a one-column table with one row per line. */
public final class TextDat implements Operator {
    /** The single column of a text table. */
    public static final String COLUMN = "text";

    public static final ParameterDescriptor<String> TEXT = ParameterDescriptor.ofString("text")
            .label("Text")
            .help("The text, used when 'file' is empty.")
            .build();
    public static final ParameterDescriptor<String> FILE = ParameterDescriptor.ofString("file")
            .label("File")
            .help("Path of a UTF-8 text file to load, relative to the graph file's folder and inside it unless allowed"
                    + " (--allow-path). Overrides 'text'.")
            .path()
            .build();
    public static final ParameterDescriptor<Boolean> SYNCFILE = ParameterDescriptor.ofToggle("syncfile")
            .label("Sync to File")
            .defaultValue(true)
            .help("Reload the file whenever it changes on disk.")
            .build();
    public static final ParameterDescriptor<Boolean> RELOAD = ParameterDescriptor.ofPulse("reload")
            .label("Reload")
            .help("Read the file again now.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("text", Family.DAT)
            .parameters(TEXT, FILE, SYNCFILE, RELOAD)
            .doc(OperatorDoc.builder("Free text, one row per line.")
                    .label("Text DAT")
                    .details("""
                            Holds text such as a script, a message template or a document. The output has one \
                            column, `text`, with one row per line (line breaks \\n or \\r\\n), so the Convert DAT can \
                            split it into cells. A missing file is an error on the node; the last text stays.""")
                    .port("output", "column `text`, one row per line")
                    .info("lines", "lines of text")
                    .build())
            .build(TextDat::new);

    private final FileSource source = new FileSource(FILE.name());

    @Override
    public void onStart(OperatorContext ctx) {
        source.start(ctx);
    }

    @Override
    public void cook(CookContext ctx) {
        boolean changed = ctx.parChanged(TEXT) || ctx.parChanged(FILE);
        String text =
                source.textToShow(ctx, ctx.par(FILE), ctx.par(SYNCFILE), ctx.pulsed(RELOAD), ctx.par(TEXT), changed);
        if (text == null) return;
        fill(ctx.output(), text);
        ctx.info("lines", ctx.output().numRows());
    }

    static void fill(OutputTable out, String text) {
        out.setHeader(COLUMN);
        out.clear();
        if (text.isEmpty()) return;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.appendRow(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                start = i + 1;
            }
        }
        if (start < text.length()) out.appendRow(text.substring(start));
    }

    @Override
    public void onStop(boolean removed) {
        source.closeWatch();
    }
}
