package dev.patchline.studio;

import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;

/**
 * A test operator standing in for a message source: each frame it appends {@code rate} rows of {@code topic},
 * {@code payload}, {@code qos}, {@code retained}, keeping at most {@code maxrows}.
 */
public final class FeedDat implements Operator {
    static final ParameterDescriptor<Integer> RATE = ParameterDescriptor.ofInt("rate")
            .label("Rows per frame")
            .defaultValue(1)
            .range(0, 10_000)
            .help("Rows appended each frame.")
            .build();
    static final ParameterDescriptor<Integer> MAXROWS = ParameterDescriptor.ofInt("maxrows")
            .label("Max rows")
            .defaultValue(1000)
            .range(1, 1_000_000)
            .help("Rows kept; older rows drop from the head.")
            .build();
    static final ParameterDescriptor<String> TOPIC = ParameterDescriptor.ofString("topic")
            .label("Topic")
            .defaultValue("sensors/a")
            .help("Topic of every row.")
            .build();
    static final ParameterDescriptor<Integer> PAYLOAD = ParameterDescriptor.ofInt("payloadsize")
            .label("Payload size")
            .defaultValue(8)
            .range(1, 100_000)
            .help("Characters of each payload.")
            .build();

    static final OperatorType TYPE = OperatorType.define("studioFeed", Family.DAT)
            .parameters(RATE, MAXROWS, TOPIC, PAYLOAD)
            .timeDependent()
            .doc(OperatorDoc.builder("Appends rows like an MQTT log each frame (studio tests only).")
                    .label("Feed DAT")
                    .build())
            .build(FeedDat::new);

    private long n;

    @Override
    public void cook(CookContext ctx) {
        OutputTable out = ctx.output();
        if (out.numCols() == 0) out.setHeader("topic", "payload", "qos", "retained");
        out.setMaxRows(ctx.par(MAXROWS));
        String topic = ctx.par(TOPIC);
        int size = ctx.par(PAYLOAD);
        for (int i = 0; i < ctx.par(RATE); i++) {
            String number = Long.toString(n++);
            String payload = size <= number.length() ? number : number + "x".repeat(size - number.length());
            out.appendRow(topic, payload, "1", "0");
        }
    }
}
