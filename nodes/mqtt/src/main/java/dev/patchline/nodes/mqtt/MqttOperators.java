package dev.patchline.nodes.mqtt;

import dev.patchline.runtime.op.OperatorProvider;
import dev.patchline.runtime.op.OperatorType;
import java.util.List;

/** The MQTT Client DAT, Topic Select DAT and MQTT Replay DAT: this module's entry in {@code META-INF/services/dev.patchline.runtime.op.OperatorProvider}. */
public final class MqttOperators implements OperatorProvider {
    @Override
    public List<OperatorType> types() {
        return List.of(MqttClientDat.TYPE, TopicSelectDat.TYPE, MqttReplayDat.TYPE);
    }
}
