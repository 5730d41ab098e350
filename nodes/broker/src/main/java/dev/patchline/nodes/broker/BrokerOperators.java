package dev.patchline.nodes.broker;

import dev.patchline.runtime.op.OperatorProvider;
import dev.patchline.runtime.op.OperatorType;
import java.util.List;

/** The MQTT Broker DAT and Sensor Sim DAT: this module's entry in {@code META-INF/services/dev.patchline.runtime.op.OperatorProvider}. */
public final class BrokerOperators implements OperatorProvider {
    @Override
    public List<OperatorType> types() {
        return List.of(MqttBrokerDat.TYPE, SensorSimDat.TYPE);
    }
}
