// Script DAT callbacks: turns each new line "<topic> <payload>" received by the TCP/IP DAT into a row
// (topic, payload, qos) that the MQTT Client DAT publishes. Topics get the prefix "tcp/" so a TCP client
// can only write below it. Each line is handled once: the script remembers the sequence number of the
// next line it has not seen (the TCP table is a bounded FIFO, so row indexes shift but sequence numbers do not).
@groovy.transform.Field long nextSeq = 0

def onCook(scriptOp) {
    def out = scriptOp.table
    if (out.numCols() == 0) {
        scriptOp.setHeader('topic', 'payload', 'qos')
        out.setMaxRows(100)
    }
    def lines = scriptOp.inputs[0]
    int message = lines.col('message')
    long first = lines.firstRowSeq()
    for (int r = (int) Math.max(0, nextSeq - first); r < lines.numRows(); r++) {
        String line = lines.cell(r, message).trim()
        if (line.isEmpty()) continue
        int space = line.indexOf(' ')
        String topic = space > 0 ? line.substring(0, space) : 'raw'
        String payload = space > 0 ? line.substring(space + 1) : line
        scriptOp.appendRow('tcp/' + topic, payload, 1)
    }
    nextSeq = first + lines.numRows()
}
