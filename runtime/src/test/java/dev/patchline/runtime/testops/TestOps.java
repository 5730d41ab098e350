package dev.patchline.runtime.testops;

import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.data.TableDelta;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Inbox;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorProvider;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.ListCodec;
import dev.patchline.runtime.param.ListItem;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.param.Secret;
import java.util.List;
import java.util.Map;

/** Small operator types used only by the runtime's own tests. */
public final class TestOps {
    private TestOps() {}

    // ------------------------------------------------------------------ testSource: rows from parameters

    public static final ParameterDescriptor<Integer> ROWS = ParameterDescriptor.ofInt("rows")
            .label("Rows")
            .defaultValue(1)
            .range(0, 1_000_000)
            .help("How many rows to produce.")
            .build();
    public static final ParameterDescriptor<String> PREFIX = ParameterDescriptor.ofString("prefix")
            .defaultValue("r")
            .help("Text before each row number.")
            .build();
    public static final ParameterDescriptor<Double> GAIN = ParameterDescriptor.ofFloat("gain")
            .defaultValue(1.0)
            .range(0, 10)
            .clamp()
            .help("A clamped float.")
            .build();

    /** Produces {@code rows} rows "prefix0".."prefixN-1" in column "v"; rebuilds only when a parameter changed. */
    public static final OperatorType SOURCE = OperatorType.define("testSource", Family.DAT)
            .parameters(ROWS, PREFIX, GAIN)
            .summary("Test: rows from parameters.")
            .build(() -> ctx -> {
                if (!ctx.firstCook() && !ctx.parChanged(ROWS) && !ctx.parChanged(PREFIX) && !ctx.parChanged(GAIN))
                    return;
                var out = ctx.output();
                out.setHeader("v");
                out.clear();
                for (int i = 0; i < ctx.par(ROWS); i++) out.appendRow(ctx.par(PREFIX) + i);
            });

    // ------------------------------------------------------------------ testPass: incremental copy

    /** Copies its input incrementally using the delta; counts full rescans in info "rescans". */
    public static final OperatorType PASS = OperatorType.define("testPass", Family.DAT)
            .input(PortSpec.dat("input", "rows to pass on"))
            .summary("Test: incremental copy of the input.")
            .build(() -> new Operator() {
                long seen = -1;
                int rescans;

                @Override
                public void cook(CookContext ctx) {
                    Table in = ctx.input(0);
                    var out = ctx.output();
                    TableDelta d = in.delta();
                    if (d.continuesFrom(seen) && d.changedCells() == 0) {
                        if (d.droppedHead() > 0) out.dropHead(Math.min(d.droppedHead(), out.numRows()));
                        for (int r = in.numRows() - d.appended(); r < in.numRows(); r++) out.appendRow(row(in, r));
                    } else {
                        rescans++;
                        out.copyFrom(in);
                    }
                    seen = in.version();
                    ctx.info("rescans", rescans);
                }

                private String[] row(Table t, int r) {
                    String[] cells = new String[t.rowLength(r)];
                    for (int c = 0; c < cells.length; c++) cells[c] = t.cell(r, c);
                    return cells;
                }
            });

    // ------------------------------------------------------------------ testValue: one channel

    public static final ParameterDescriptor<Double> VALUE =
            ParameterDescriptor.ofFloat("value").defaultValue(0.0).build();

    /** A CHOP with one channel "v" = parameter {@code value}. */
    public static final OperatorType CONSTANT = OperatorType.define("testValue", Family.CHOP)
            .parameters(VALUE)
            .summary("Test: one channel from a parameter.")
            .build(() -> ctx -> ctx.outputChannels().set("v", ctx.par(VALUE)));

    // ------------------------------------------------------------------ testClock: time-dependent

    /** Time-dependent: writes the frame number into cell (0,0). */
    public static final OperatorType CLOCK = OperatorType.define("testClock", Family.DAT)
            .timeDependent()
            .summary("Test: the frame number, every frame.")
            .build(() -> ctx -> {
                var out = ctx.output();
                if (out.numRows() == 0) {
                    out.setHeader("frame");
                    out.appendRow("0");
                }
                out.setCell(0, 0, Long.toString(ctx.frame()));
            });

    // ------------------------------------------------------------------ testBoom: fails on demand

    public static final ParameterDescriptor<Boolean> FAIL =
            ParameterDescriptor.ofToggle("fail").build();

    /** Passes its optional input through; throws while {@code fail} is on. */
    public static final OperatorType BOOM = OperatorType.define("testBoom", Family.DAT)
            .parameters(FAIL)
            .input(PortSpec.dat("input", "rows").optional())
            .summary("Test: throws while 'fail' is on.")
            .build(() -> ctx -> {
                if (ctx.par(FAIL)) throw new IllegalStateException("boom at frame " + ctx.frame());
                if (ctx.numInputs() > 0) ctx.output().copyFrom(ctx.input(0));
            });

    // ------------------------------------------------------------------ testSink: always cooks

    /** A root of the pull (like a network output): records the row count of its input in info "rows". */
    public static final OperatorType SINK = OperatorType.define("testSink", Family.DAT)
            .input(PortSpec.dat("input", "rows to send out"))
            .cookAlways()
            .summary("Test: an output to the world.")
            .build(() -> ctx -> ctx.info("rows", ctx.input(0).numRows()));

    // ------------------------------------------------------------------ testInbox: I/O thread feed

    public static final ParameterDescriptor<Integer> CAPACITY = ParameterDescriptor.ofInt("capacity")
            .defaultValue(16)
            .range(1, 1 << 20)
            .build();
    public static final ParameterDescriptor<Integer> MAXLINES = ParameterDescriptor.ofInt("maxlines")
            .defaultValue(100)
            .range(0, 10_000_000)
            .build();

    /** Receives strings through an inbox (from any thread) and appends them as rows; bounded by maxlines. */
    public static final OperatorType INBOX = OperatorType.define("testInbox", Family.DAT)
            .parameters(CAPACITY, MAXLINES)
            .cookAlways()
            .doc(OperatorDoc.builder("Test: rows that arrive from another thread.")
                    .callback("onReceive", "called for each row", "dat", "text")
                    .build())
            .build(InboxOp::new);

    /** The operator behind {@link #INBOX}; tests reach its inbox through {@link #last}. */
    public static final class InboxOp implements Operator {
        public static volatile InboxOp last;
        public volatile Inbox<String> inbox;
        private long received;

        @Override
        public void onStart(OperatorContext ctx) {
            inbox = ctx.newInbox(ctx.par(CAPACITY));
            last = this;
        }

        @Override
        public void cook(CookContext ctx) {
            var out = ctx.output();
            out.setMaxRows(ctx.par(MAXLINES));
            if (out.numCols() == 0) out.setHeader("text");
            String s;
            while ((s = inbox.poll()) != null) {
                out.appendRow(s);
                received++;
                ctx.callbacks().invoke("onReceive", ctx.me(), s);
            }
            ctx.info("received", received);
        }
    }

    // ------------------------------------------------------------------ testRef: operator reference

    public static final ParameterDescriptor<String> TARGET =
            ParameterDescriptor.ofOperator("target", Family.DAT).build();

    /** Writes the row count of the node named by {@code target}. */
    public static final OperatorType REF = OperatorType.define("testRef", Family.DAT)
            .parameters(TARGET)
            .summary("Test: reads another node by reference.")
            .build(() -> ctx -> {
                NodeView t = ctx.op(TARGET);
                var out = ctx.output();
                out.setHeader("rows");
                out.clear();
                out.appendRow(t == null ? "-" : Integer.toString(t.getTable().numRows()));
            });

    // ------------------------------------------------------------------ testConfig: every parameter kind

    public enum Mode {
        CLIENT,
        SERVER
    }

    public static final ParameterDescriptor<Mode> MODE =
            ParameterDescriptor.ofMenu("mode", Mode.class).build();

    public enum Format {
        PERLINE,
        RAW
    }

    public static final ParameterDescriptor<Format> FORMAT =
            ParameterDescriptor.ofMenu("format", Format.class).build();
    public static final ParameterDescriptor<Secret> PASSWORD =
            ParameterDescriptor.ofSecret("password").build();
    public static final ParameterDescriptor<String> TOPIC =
            ParameterDescriptor.ofString("topic").build();
    public static final ParameterDescriptor<Integer> QOS =
            ParameterDescriptor.ofInt("qos").range(0, 2).build();
    public static final ParameterDescriptor<List<ListItem>> SUBSCRIPTIONS = ParameterDescriptor.ofList(
                    "subscriptions", ListCodec.items(TOPIC, QOS))
            .build();
    public static final ParameterDescriptor<Map<String, String>> COLUMNS =
            ParameterDescriptor.ofDict("columns").build();
    public static final ParameterDescriptor<Boolean> CLEAR =
            ParameterDescriptor.ofPulse("clear").build();
    public static final ParameterDescriptor<Boolean> ACTIVE =
            ParameterDescriptor.ofToggle("active").defaultValue(true).build();
    public static final ParameterDescriptor<Double> RATE =
            ParameterDescriptor.ofFloat("rate").defaultValue(1.0).range(0, 100).build();

    /** Reports its parameters as rows "name,value" (secrets masked); counts pulses in info "clears". */
    public static final OperatorType CONFIG = OperatorType.define("testConfig", Family.DAT)
            .parameters(MODE, FORMAT, PASSWORD, SUBSCRIPTIONS, COLUMNS, CLEAR, ACTIVE, RATE, ROWS)
            .summary("Test: every kind of parameter.")
            .build(() -> new Operator() {
                int clears;

                @Override
                public void cook(CookContext ctx) {
                    if (ctx.pulsed(CLEAR)) clears++;
                    var out = ctx.output();
                    out.setHeader("name", "value");
                    out.clear();
                    out.appendRow("mode", ctx.par(MODE).name());
                    out.appendRow("format", FORMAT.toJson(ctx.par(FORMAT)).textValue());
                    out.appendRow("password", ctx.par(PASSWORD).isEmpty() ? "" : "set");
                    out.appendRow(
                            "subscriptions",
                            Integer.toString(ctx.par(SUBSCRIPTIONS).size()));
                    out.appendRow("active", Boolean.toString(ctx.par(ACTIVE)));
                    out.appendRow("rate", Double.toString(ctx.par(RATE)));
                    out.appendRow("rows", Integer.toString(ctx.par(ROWS)));
                    ctx.info("clears", clears);
                }
            });

    // ------------------------------------------------------------------ testChopSink

    /** A CHOP root: records channel "v" of its input in info "v". */
    public static final OperatorType CHOP_SINK = OperatorType.define("testChopSink", Family.CHOP)
            .input(PortSpec.chop("input", "channels to send out"))
            .cookAlways()
            .summary("Test: a CHOP output to the world.")
            .build(() -> ctx -> ctx.info("v", ctx.inputChannels(0).value("v")));

    /** {@return a registry of every test type} */
    public static OperatorRegistry registry() {
        return OperatorRegistry.of(SOURCE, PASS, CONSTANT, CLOCK, BOOM, SINK, INBOX, REF, CONFIG, CHOP_SINK);
    }

    /** Registers {@link #SOURCE}, {@link #PASS} and {@link #CONSTANT} for the tests that load by ServiceLoader. */
    public static final class Provider implements OperatorProvider {
        @Override
        public List<OperatorType> types() {
            return List.of(SOURCE, PASS, CONSTANT);
        }
    }
}
