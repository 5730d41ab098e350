package dev.patchline.nodes.osc;

import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * OSC Out DAT: sends each new row of its input as an OSC message over UDP, from the cook thread with
 * a non-blocking channel. It remembers the last row sequence sent, so each row goes out once.
 */
public final class OscOutDat implements Operator {
    private static final Pattern INT = Pattern.compile("-?[0-9]{1,10}");
    private static final Pattern FLOAT = Pattern.compile("-?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    public static final ParameterDescriptor<Boolean> ACTIVE = ParameterDescriptor.ofToggle("active")
            .label("Active")
            .defaultValue(true)
            .help("Send rows; while off, new rows are skipped.")
            .build();
    public static final ParameterDescriptor<String> ADDRESS = ParameterDescriptor.ofString("address")
            .label("Network Address")
            .defaultValue("127.0.0.1")
            .help("Host to send to (name or IP; a multicast group works too).")
            .build();
    public static final ParameterDescriptor<Integer> PORT = ParameterDescriptor.ofInt("port")
            .label("Network Port")
            .defaultValue(10000)
            .range(1, 65535)
            .help("UDP port to send to.")
            .build();
    public static final ParameterDescriptor<Boolean> ASBUNDLE = ParameterDescriptor.ofToggle("asbundle")
            .label("Send as Bundle")
            .help("Send the rows of one cook as one bundle (time tag: immediately) instead of one packet per row.")
            .build();
    public static final ParameterDescriptor<Boolean> USE64BIT = ParameterDescriptor.ofToggle("use64bit")
            .label("64-bit Numbers")
            .help("Send integers as 'h' (int64) and decimals as 'd' (float64) instead of 'i' and 'f'.")
            .build();
    public static final ParameterDescriptor<Integer> MAXLINES = ParameterDescriptor.ofInt("maxlines")
            .label("Maximum Lines")
            .defaultValue(100)
            .range(0, 10_000_000)
            .help("Rows kept in the log of sent messages.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("oscOut", Family.DAT)
            .formerIds("oscout")
            .parameters(ACTIVE, ADDRESS, PORT, ASBUNDLE, USE64BIT, MAXLINES)
            .input(PortSpec.dat("input", "rows to send: an 'address' column (else column 0) and argument columns"))
            .cookAlways()
            .doc(OperatorDoc.builder("Sends table rows as OSC messages over UDP.")
                    .label("OSC Out DAT")
                    .details("""
                            Every row that appears in the input is sent once. The OSC address is the `address` \
                            column (or column 0); the other cells are the arguments. With a `typetag` column the \
                            tags are given explicitly (i f s S h d c T F N I); otherwise each cell is typed by its \
                            text: whole numbers `i` (or `h`), decimals `f` (or `d`), `true`/`false` `T`/`F`, \
                            anything else `s`. The output logs what was sent (`message`, `bytes`). Bad rows are \
                            skipped with a warning naming the row; an unreachable host is an error that clears \
                            when sending works again.""")
                    .info("sent", "messages sent since start")
                    .info("send_errors", "rows that could not be encoded or sent")
                    .build())
            .build(OscOutDat::new);

    private DatagramChannel channel;
    private InetSocketAddress target;
    private String targetSpec = "";
    private long lastSeq = -1;
    private long sent;
    private long errors;

    @Override
    public void cook(CookContext ctx) {
        Table in = ctx.input(0);
        OutputTable log = ctx.output();
        log.setHeader("message", "bytes");
        log.setMaxRows(ctx.par(MAXLINES));
        long end = in.firstRowSeq() + in.numRows() - 1;
        if (!ctx.par(ACTIVE)) {
            lastSeq = end;
            return;
        }
        if (!resolve(ctx)) return;
        int from = (int) Math.max(0, lastSeq + 1 - in.firstRowSeq());
        int addressCol = in.col("address") >= 0 ? in.col("address") : 0;
        int tagCol = in.col("typetag");
        List<OscPacket> batch = new ArrayList<>();
        String warning = null;
        for (int r = from; r < in.numRows(); r++) {
            try {
                batch.add(message(in, r, addressCol, tagCol, ctx.par(USE64BIT)));
            } catch (IllegalArgumentException e) {
                errors++;
                if (warning == null) warning = "row " + r + " not sent: " + e.getMessage();
            }
        }
        lastSeq = end;
        try {
            if (ctx.par(ASBUNDLE) && !batch.isEmpty()) {
                send(log, new OscPacket.Bundle(OscTypes.TimeTag.IMMEDIATELY, batch), "bundle of " + batch.size());
            } else {
                for (OscPacket p : batch) send(log, p, OscInDat.text((OscPacket.Message) p));
            }
        } catch (IOException e) {
            errors++;
            ctx.error("cannot send to " + target + ": " + e.getMessage() + "; check 'address' and 'port'");
        }
        if (warning != null) ctx.warning(warning);
        ctx.info("sent", sent);
        ctx.info("send_errors", errors);
    }

    private void send(OutputTable log, OscPacket p, String text) throws IOException {
        byte[] bytes = OscCodec.encode(p);
        int n = channel.send(ByteBuffer.wrap(bytes), target);
        if (n == 0) {
            errors++; // the socket buffer is full: UDP would drop it anyway, never block the cook
            return;
        }
        sent += p instanceof OscPacket.Bundle b ? b.elements().size() : 1;
        log.appendRow(text, Integer.toString(bytes.length));
    }

    private boolean resolve(CookContext ctx) {
        String spec = ctx.par(ADDRESS) + ":" + ctx.par(PORT);
        if (spec.equals(targetSpec) && channel != null) return true;
        try {
            target = new InetSocketAddress(InetAddress.getByName(ctx.par(ADDRESS)), ctx.par(PORT));
            if (channel == null) {
                channel = DatagramChannel.open();
                channel.configureBlocking(false);
            }
            targetSpec = spec;
            return true;
        } catch (UnknownHostException e) {
            ctx.error("parameter 'address': unknown host '" + ctx.par(ADDRESS) + "'");
        } catch (IOException e) {
            ctx.error("cannot open a UDP socket: " + e.getMessage());
        }
        return false;
    }

    static OscPacket.Message message(Table in, int r, int addressCol, int tagCol, boolean wide) {
        String address = in.cell(r, addressCol);
        if (!address.startsWith("/")) throw new IllegalArgumentException("address '" + address + "' must start with /");
        List<Object> args = new ArrayList<>();
        StringBuilder tags = new StringBuilder();
        String explicit = tagCol >= 0 ? in.cell(r, tagCol).replace(",", "") : "";
        int t = 0;
        for (int c = 0; c < in.rowLength(r); c++) {
            if (c == addressCol || c == tagCol) continue;
            String cell = in.cell(r, c);
            if (!explicit.isEmpty()) {
                while (t < explicit.length() && "TFNI".indexOf(explicit.charAt(t)) >= 0) {
                    char k = explicit.charAt(t++);
                    tags.append(k);
                    args.add(
                            k == 'T'
                                    ? Boolean.TRUE
                                    : k == 'F'
                                            ? Boolean.FALSE
                                            : k == 'N' ? OscTypes.Nil.INSTANCE : OscTypes.Impulse.INSTANCE);
                }
                if (t >= explicit.length()) {
                    if (cell.isEmpty()) continue; // trailing empty cells of a wider table
                    throw new IllegalArgumentException("more cells than type tags '" + explicit + "'");
                }
                char k = explicit.charAt(t++);
                tags.append(k);
                args.add(typed(k, cell));
            } else {
                Object v = infer(cell, wide);
                tags.append(OscCodec.tagOf(v));
                args.add(v);
            }
        }
        while (t < explicit.length()) {
            char k = explicit.charAt(t++);
            if ("TFNI".indexOf(k) < 0) throw new IllegalArgumentException("type tag '" + k + "' has no cell");
            tags.append(k);
            args.add(
                    k == 'T'
                            ? Boolean.TRUE
                            : k == 'F' ? Boolean.FALSE : k == 'N' ? OscTypes.Nil.INSTANCE : OscTypes.Impulse.INSTANCE);
        }
        return new OscPacket.Message(address, tags.toString(), args);
    }

    private static Object typed(char k, String cell) {
        try {
            return switch (k) {
                case 'i' -> Integer.parseInt(cell.trim());
                case 'h' -> Long.parseLong(cell.trim());
                case 'f' -> Float.parseFloat(cell.trim());
                case 'd' -> Double.parseDouble(cell.trim());
                case 's' -> cell;
                case 'S' -> new OscTypes.Symbol(cell);
                case 'c' -> {
                    if (cell.length() != 1)
                        throw new IllegalArgumentException("type tag 'c' needs one character, got '" + cell + "'");
                    yield cell.charAt(0);
                }
                default -> throw new IllegalArgumentException("type tag '" + k + "' cannot be written from a cell");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cell '" + cell + "' is not a valid '" + k + "' value");
        }
    }

    static Object infer(String cell, boolean wide) {
        if (INT.matcher(cell).matches()) {
            long v = Long.parseLong(cell);
            if (wide) return v;
            if (v == (int) v) return (int) v;
            return v;
        }
        if (FLOAT.matcher(cell).matches())
            return wide ? (Object) Double.parseDouble(cell) : (Object) Float.parseFloat(cell);
        if (cell.equals("true")) return Boolean.TRUE;
        if (cell.equals("false")) return Boolean.FALSE;
        return cell;
    }

    @Override
    public void onStop(boolean removed) throws IOException {
        if (channel != null) channel.close();
    }
}
