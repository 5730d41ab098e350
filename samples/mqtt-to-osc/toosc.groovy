// Script DAT callbacks: one OSC row (address, value) per new MQTT message. The OSC address is the topic
// with a leading slash (sensors/kitchen/temperature -> /sensors/kitchen/temperature). Each message is
// handled once: the script remembers the sequence number of the next row it has not seen (the MQTT table
// is a bounded FIFO, so row indexes shift but sequence numbers do not).
@groovy.transform.Field long nextSeq = 0

def onCook(scriptOp) {
    def out = scriptOp.table
    if (out.numCols() == 0) {
        scriptOp.setHeader('address', 'value')
        out.setMaxRows(100)
    }
    def messages = scriptOp.inputs[0]
    int topic = messages.col('topic')
    int value = messages.col('value')
    long first = messages.firstRowSeq()
    for (int r = (int) Math.max(0, nextSeq - first); r < messages.numRows(); r++) {
        String v = messages.cell(r, value)
        if (!v.isEmpty()) scriptOp.appendRow('/' + messages.cell(r, topic), v)
    }
    nextSeq = first + messages.numRows()
}
