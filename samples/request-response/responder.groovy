// Callbacks of the 'service' MQTT Client DAT: answer each request on the topic the requester named
// (MQTT 5 Response Topic), echoing its Correlation Data so the requester can match answer to question.
def onMessage(dat, topic, payload, qos, retained, dup, msg) {
    if (!msg.responseTopic) {
        log.warn "request on ${topic} has no response topic; nothing to answer"
        return
    }
    dat.publish(msg.responseTopic, payload.toUpperCase(), 1, false,
            [correlationData: msg.correlationData, contentType: 'text/plain'])
}
