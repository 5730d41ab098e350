package dev.patchline.nodes.mqtt;

import dev.patchline.runtime.param.MenuChoice;
import dev.patchline.runtime.param.MenuLabel;

/** The protocol version of the MQTT Client DAT's connection (the {@code mqttversion} parameter). */
public enum MqttVersion implements MenuChoice {
    @MenuLabel("MQTT 5")
    V5("5"),
    @MenuLabel("MQTT 3.1.1")
    V3_1_1("3.1.1");

    private final String menuName;

    MqttVersion(String menuName) {
        this.menuName = menuName;
    }

    /** {@return the version as graph files write it: {@code "5"} or {@code "3.1.1"}} */
    @Override
    public String menuName() {
        return menuName;
    }

    /** {@return the version as graph files write it, so that a script printing the parameter sees "5" or "3.1.1"} */
    @Override
    public String toString() {
        return menuName;
    }
}
