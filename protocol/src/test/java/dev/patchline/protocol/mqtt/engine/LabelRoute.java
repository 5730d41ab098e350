package dev.patchline.protocol.mqtt.engine;

/** A route that is only a name, for tests that check which subscription a message was routed back to. */
record LabelRoute(String label) implements MessageRoute {}
