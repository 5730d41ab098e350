package dev.patchline.protocol.mqtt.codec.packet;

/** MQTT 5 subscription option "Retain Handling" (bits 5-4 of the subscription options byte). */
public enum RetainHandling {
    /** 0: send retained messages at the time of the subscribe. */
    SEND_ON_SUBSCRIBE,
    /** 1: send retained messages only if the subscription did not exist. */
    SEND_ON_NEW_SUBSCRIPTION,
    /** 2: do not send retained messages at the time of the subscribe. */
    DO_NOT_SEND;

    public int value() {
        return ordinal();
    }
}
