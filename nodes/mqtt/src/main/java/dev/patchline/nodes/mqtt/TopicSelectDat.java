package dev.patchline.nodes.mqtt;

import dev.patchline.protocol.mqtt.topic.TopicTrie;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.data.TableDelta;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.param.ValueCheck;

/**
 * The topicSelect DAT: keeps the rows of its input whose topic matches an MQTT topic filter ({@code sensors/+/temp}),
 * with the broker's matching rules ({@code #} matches the parent level, wildcards in the first level skip {@code $}
 * topics, MQTT-4.7.2-1). Incremental: appended input rows are matched once, rows dropped from the input's head leave
 * the output too, so it follows an MQTT Client DAT at any message rate without rescanning. Cook thread only.
 */
public final class TopicSelectDat implements Operator {

    public static final ParameterDescriptor<String> FILTER = ParameterDescriptor.ofString("filter")
            .label("Topic Filter")
            .defaultValue("#")
            .help("MQTT topic filter with + (one level) and # (any levels), e.g. sensors/+/temp.")
            .validator(ValueCheck.of(ParameterChecks::topicFilter))
            .build();
    public static final ParameterDescriptor<String> COLUMN = ParameterDescriptor.ofString("column")
            .label("Topic Column")
            .defaultValue("topic")
            .help("Name of the input column holding the topic.")
            .build();
    public static final ParameterDescriptor<Boolean> INVERT = ParameterDescriptor.ofToggle("invert")
            .label("Invert")
            .defaultValue(false)
            .help("Keep the rows that do not match instead.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("topicSelect", Family.DAT)
            .parameters(FILTER, COLUMN, INVERT)
            .input(PortSpec.dat("input", "a table with a topic column, e.g. an MQTT Client DAT"))
            .doc(OperatorDoc.builder("Keeps the rows whose topic matches an MQTT topic filter.")
                    .label("Topic Select DAT")
                    .details("Copies the header and the rows of its input whose `column` (default `topic`) matches "
                            + "`filter` by MQTT rules: `+` matches one level, `#` the rest (and the parent level), "
                            + "wildcards in the first level do not match topics starting with `$`. New input rows are "
                            + "matched as they arrive; rows dropped from the input's head leave the output too.")
                    .info("kept", "rows in the output")
                    .build())
            .build(TopicSelectDat::new);

    private final TopicTrie<Boolean> trie = new TopicTrie<>();
    /** Input row sequence number of each output row, oldest first (a ring parallel to the output). */
    private long[] sourceSeqs = new long[16];

    private int seqHead;
    private int seqCount;
    private long seenVersion = -1;

    @Override
    public void cook(CookContext ctx) {
        boolean settingsChanged = ctx.parChanged(FILTER) || ctx.parChanged(COLUMN) || ctx.parChanged(INVERT);
        if (ctx.parChanged(FILTER)) {
            String filter = ctx.par(FILTER);
            String problem = ParameterChecks.topicFilter(filter);
            if (problem != null) {
                ctx.error("parameter 'filter': " + problem);
                return;
            }
            trie.clear();
            trie.add(filter, Boolean.TRUE);
        }
        Table in = ctx.input(0);
        OutputTable out = ctx.output();
        int col = in.col(ctx.par(COLUMN));
        if (col < 0) {
            ctx.error("parameter 'column': the input has no column '" + ctx.par(COLUMN) + "'; set it to one of its"
                    + " header names");
            return;
        }
        boolean invert = ctx.par(INVERT);
        TableDelta d = in.delta();
        boolean incremental =
                !settingsChanged && in.version() != seenVersion && d.continuesFrom(seenVersion) && !hasCellEdits(d);
        if (in.version() == seenVersion && !settingsChanged) {
            ctx.info("kept", out.numRows());
            return;
        }
        seenVersion = in.version();
        if (incremental) {
            dropGone(in, out);
            keepMatching(in, out, col, invert, in.numRows() - d.appended());
        } else {
            String[] header = new String[in.numCols()];
            for (int c = 0; c < header.length; c++) header[c] = in.header(c);
            out.setHeader(header);
            out.clear();
            seqHead = 0;
            seqCount = 0;
            keepMatching(in, out, col, invert, 0);
        }
        ctx.info("kept", out.numRows());
    }

    /** In-place edits change kept rows' cells or what matches: copy everything fresh then (rare in message logs). */
    private static boolean hasCellEdits(TableDelta d) {
        return d.changedCells() > 0;
    }

    private void dropGone(Table in, OutputTable out) {
        long first = in.firstRowSeq();
        int drop = 0;
        while (drop < seqCount && sourceSeqs[(seqHead + drop) & (sourceSeqs.length - 1)] < first) drop++;
        if (drop > 0) {
            out.dropHead(drop);
            seqHead = (seqHead + drop) & (sourceSeqs.length - 1);
            seqCount -= drop;
        }
    }

    private void keepMatching(Table in, OutputTable out, int col, boolean invert, int fromRow) {
        long first = in.firstRowSeq();
        for (int r = Math.max(0, fromRow); r < in.numRows(); r++) {
            if (trie.matchesAny(in.cell(r, col)) == invert) continue;
            String[] row = new String[in.rowLength(r)];
            byte[][] raw = null;
            for (int c = 0; c < row.length; c++) {
                row[c] = in.cell(r, c);
                byte[] b = in.bytes(r, c);
                if (b != null) {
                    if (raw == null) raw = new byte[row.length][];
                    raw[c] = b;
                }
            }
            out.appendRow(row, raw);
            remember(first + r);
        }
    }

    private void remember(long seq) {
        if (seqCount == sourceSeqs.length) {
            long[] bigger = new long[sourceSeqs.length * 2];
            for (int i = 0; i < seqCount; i++) bigger[i] = sourceSeqs[(seqHead + i) & (sourceSeqs.length - 1)];
            sourceSeqs = bigger;
            seqHead = 0;
        }
        sourceSeqs[(seqHead + seqCount) & (sourceSeqs.length - 1)] = seq;
        seqCount++;
    }
}
