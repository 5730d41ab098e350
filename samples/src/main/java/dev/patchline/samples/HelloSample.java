package dev.patchline.samples;

import dev.patchline.nodes.core.chop.DatToChop;
import dev.patchline.nodes.core.dat.Extract;
import dev.patchline.nodes.core.dat.SelectDat;
import dev.patchline.nodes.core.dat.TableDat;
import dev.patchline.runtime.graph.Graph;

/**
 * {@code samples/hello.json} in Java: a table of rooms, the warm rows, their temperatures as channels.
 * Run it with {@code java ... dev.patchline.samples.HelloSample 5} (seconds).
 */
public final class HelloSample {

    private HelloSample() {}

    /** {@return the graph of {@code samples/hello.json}} */
    public static Graph graph() {
        return Graph.builder()
                .comment("Hello, Patchline: a table of rooms, the rows that are warm enough, and their temperatures"
                        + " as CHOP channels. Needs no broker or network.")
                .node(
                        "rooms",
                        TableDat.TYPE,
                        n -> n.set(
                                        TableDat.DATA,
                                        "room,temp,humidity\nkitchen,21.5,40\nhall,19.0,45\nstudio,23.2,38\nporch,12.4,71")
                                .position(0, 0)
                                .comment(
                                        "Inline CSV; point 'file' at a .csv file instead to load one (it reloads when the file changes)."))
                .node(
                        "warm",
                        SelectDat.TYPE,
                        n -> n.inputs("rooms")
                                .set(SelectDat.EXTRACTROWS, Extract.BYEXPR)
                                .set(SelectDat.ROWEXPR, "me.inputRow['temp'].toDouble() > 20")
                                .set(SelectDat.EXTRACTCOLS, Extract.BYNAMES)
                                .set(SelectDat.COLNAMES, "room temp")
                                .position(200, 0)
                                .comment(
                                        "Keeps the header and the rows whose temperature is above 20 degrees, and the room and temp columns."))
                .node(
                        "temps",
                        DatToChop.TYPE,
                        n -> n.inputs("warm")
                                .set(DatToChop.OUTPUT, DatToChop.Output.CHANPERROW)
                                .set(DatToChop.FIRSTROW, DatToChop.Role.IGNORED)
                                .set(DatToChop.FIRSTCOLUMN, DatToChop.Role.NAMES)
                                .position(400, 0)
                                .comment("One channel per row, named after the room: kitchen and studio."))
                .build();
    }

    public static void main(String[] args) throws InterruptedException {
        SampleRunner.run(graph(), args);
    }
}
