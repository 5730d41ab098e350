package dev.patchline.nodes.mqtt;

import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.nio.file.Path;

/**
 * The MQTT Replay DAT: plays a recording made with {@code patchline mqtt record} into a graph with no broker, as the
 * rows the MQTT Client DAT made for the live messages (same columns and display parameters, same order). Cook thread
 * only, except the {@link ReplayPlayer}'s thread, which reads the file and meets the cook through a
 * {@link MessageRing}.
 */
public final class MqttReplayDat implements Operator {

    public static final ParameterDescriptor<String> FILE = ParameterDescriptor.ofString("file")
            .label("File")
            .help("The recording (.jsonl from 'patchline mqtt record'), relative to the graph file's folder and inside"
                    + " it unless allowed (--allow-path).")
            .path()
            .build();
    public static final ParameterDescriptor<Boolean> PLAY = ParameterDescriptor.ofToggle("play")
            .label("Play")
            .defaultValue(true)
            .help("Off pauses the replay where it is; on continues.")
            .build();
    public static final ParameterDescriptor<Double> SPEED = ParameterDescriptor.ofFloat("speed")
            .label("Speed")
            .defaultValue(1.0)
            .range(0.01, 10_000)
            .help("Time factor: 1 keeps the recorded timing, 2 plays twice as fast, 0.5 at half speed.")
            .build();
    public static final ParameterDescriptor<Boolean> LOOP = ParameterDescriptor.ofToggle("loop")
            .label("Loop")
            .defaultValue(false)
            .help("Start again from 'from' at the end.")
            .build();
    public static final ParameterDescriptor<Double> FROM = ParameterDescriptor.ofFloat("from")
            .label("From")
            .defaultValue(0.0)
            .range(0, Double.MAX_VALUE)
            .help("Seconds into the recording (after its first message) where the replay starts.")
            .build();
    public static final ParameterDescriptor<Double> TO = ParameterDescriptor.ofFloat("to")
            .label("To")
            .defaultValue(0.0)
            .range(0, Double.MAX_VALUE)
            .help("Seconds into the recording where the replay ends; 0 = at the end.")
            .build();
    public static final ParameterDescriptor<Boolean> RESTART = ParameterDescriptor.ofPulse("restart")
            .label("Restart")
            .help("Plays the recording again from 'from'.")
            .build();

    /** Messages and bytes that may wait for the next cook; the player waits beyond them. */
    static final int RING_MESSAGES = 10_000;

    static final long RING_BYTES = 64L << 20;

    public static final OperatorType TYPE = OperatorType.define("mqttReplay", Family.DAT)
            .parameters(
                    FILE,
                    PLAY,
                    SPEED,
                    LOOP,
                    FROM,
                    TO,
                    RESTART,
                    MqttClientDat.CLAMP,
                    MqttClientDat.MAXLINES,
                    MqttClientDat.MAXBYTES,
                    MqttClientDat.CLEAR,
                    MqttClientDat.BYTES,
                    MqttClientDat.FORMAT,
                    MqttClientDat.COLUMNS,
                    MqttClientDat.TIMESTAMP,
                    MqttClientDat.PROPERTIES)
            .doc(OperatorDoc.builder("Plays an MQTT recording into the graph, as the MQTT Client DAT's rows.")
                    .label("MQTT Replay DAT")
                    .details("""
                            Reads a recording made with `patchline mqtt record` (see docs/guide/recording.md) and \
                            turns each message into a row when it is due: the recorded intervals divided by `speed`. \
                            No broker is involved. The columns and the display parameters (`format`, `columns`, \
                            `bytes`, `timestamp`, `properties`, `maxlines`, `maxbytes`) are the MQTT Client DAT's, so \
                            a graph developed on a recording runs unchanged on the live feed; `timestamp` shows the \
                            recorded receive time, `time` the patch time of the cook that added the row. A damaged \
                            file plays up to the damage and the node warns where it stopped. The file must be inside \
                            the graph file's folder unless its folder is allowed with `--allow-path DIR`. Callbacks \
                            are not run.""")
                    .port("output", "one row per replayed message, as the MQTT Client DAT's")
                    .info("replayed", "messages turned into rows since the last (re)start")
                    .info("pending", "messages read ahead and waiting for a cook")
                    .info("position", "seconds into the recording of the last message read")
                    .info("loops", "completed passes through the file")
                    .info("finished", "1 when the replay has ended")
                    .info("json_errors", "payloads that should have been JSON and were not")
                    .build())
            .build(MqttReplayDat::new);

    private OperatorContext context;
    private ReplayPlayer player;
    private MessageRing ring;
    private final MessageTable table = new MessageTable();
    private long replayedBefore;
    private String openProblem;

    @Override
    public void onStart(OperatorContext ctx) {
        context = ctx;
    }

    @Override
    public void cook(CookContext ctx) {
        if (ctx.firstCook()
                || ctx.parChanged(FILE)
                || ctx.parChanged(FROM)
                || ctx.parChanged(TO)
                || ctx.parChanged(LOOP)
                || ctx.pulsed(RESTART)) {
            restart(ctx);
        }
        if (player != null) {
            player.paused = !ctx.par(PLAY);
            player.speed = ctx.par(SPEED);
        }
        // The MQTT Client DAT's table: same layout for the same display parameters, same rows per message.
        table.layout(ctx, ctx.pulsed(RESTART));
        if (ring != null) table.receive(ctx, Callbacks.NONE, ring, null);
        report(ctx);
    }

    @Override
    public void onStop(boolean removed) {
        stopPlayer();
    }

    private void restart(CookContext ctx) {
        stopPlayer();
        replayedBefore = table.received();
        openProblem = null;
        String file = ctx.par(FILE);
        if (file.isEmpty()) {
            openProblem = "parameter 'file' is empty; set it to a recording made with 'patchline mqtt record'";
            return;
        }
        Path path;
        try {
            path = ctx.resolvePath(file);
        } catch (RuntimeException e) {
            openProblem = "parameter 'file': " + e.getMessage();
            return;
        }
        if (ctx.par(TO) > 0 && ctx.par(TO) < ctx.par(FROM)) {
            openProblem = "parameter 'to' (" + ctx.par(TO) + " s) is before 'from' (" + ctx.par(FROM)
                    + " s); set 'to' later or to 0 for the end";
            return;
        }
        ring = new MessageRing(RING_MESSAGES, RING_BYTES);
        player = new ReplayPlayer(path, ctx.par(FROM), ctx.par(TO), ctx.par(LOOP), ring, context::wakeup);
        player.paused = !ctx.par(PLAY);
        player.speed = ctx.par(SPEED);
        player.start("mqtt-replay-" + context.nodeId());
    }

    private void stopPlayer() {
        if (player != null) {
            player.stop();
            player = null;
        }
        if (ring != null) {
            ring.close();
            ring = null;
        }
    }

    private void report(CookContext ctx) {
        ctx.info("replayed", table.received() - replayedBefore);
        ctx.info("pending", ring == null ? 0 : ring.size());
        ctx.info("position", player == null ? 0 : player.position);
        ctx.info("loops", player == null ? 0 : player.loops);
        boolean finished = player == null || (player.finished && ring != null && ring.size() == 0);
        ctx.info("finished", finished ? 1 : 0);
        ctx.info("json_errors", table.jsonErrors());
        if (openProblem != null) {
            ctx.error(openProblem);
        } else if (player != null && player.failure != null) {
            ctx.error("file " + ctx.par(FILE) + ": " + player.failure);
        } else if (player != null && player.damage != null) {
            ctx.warning("file " + ctx.par(FILE) + " is damaged; replayed up to " + player.damage);
        }
    }
}
