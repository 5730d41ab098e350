package dev.patchline.samples;

import dev.patchline.nodes.core.dat.TableDat;
import dev.patchline.nodes.tcp.TcpipDat;
import dev.patchline.runtime.graph.Graph;

/** {@code samples/table-to-tcp/graph.json} in Java. */
public final class TableToTcpSample {

    private TableToTcpSample() {}

    /** {@return the graph of {@code samples/table-to-tcp/graph.json}} */
    public static Graph graph() {
        return Graph.builder()
                .comment(
                        "Table to TCP: a cue list kept in a CSV file is sent, one line per row, to every client of a"
                                + " TCP server (a stand-in for a show controller or media server). Saving the file sends the list again.")
                .node(
                        "cues",
                        TableDat.TYPE,
                        n -> n.set(TableDat.FILE, "cues.csv")
                                .set(TableDat.SYNCFILE, true)
                                .comment(
                                        "Loaded from the CSV file and reloaded whenever it changes on disk (the path is relative"
                                                + " to this graph file's folder)."))
                .node(
                        "controller",
                        TcpipDat.TYPE,
                        n -> n.inputs("cues")
                                .set(TcpipDat.MODE, TcpipDat.Mode.SERVER)
                                .set(TcpipDat.ADDRESS, "127.0.0.1")
                                .set(TcpipDat.PORT, 7000)
                                .set(TcpipDat.FORMAT, TcpipDat.Format.PERLINE)
                                .set(TcpipDat.INPUT_SEPARATOR, ",")
                                .comment(
                                        "TCP server on 127.0.0.1:7000; each new input row goes out as one line, cells joined by commas."))
                .build();
    }

    public static void main(String[] args) throws InterruptedException {
        SampleRunner.run(graph(), args);
    }
}
