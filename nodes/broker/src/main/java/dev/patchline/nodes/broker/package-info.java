/**
 * The embedded MQTT broker operator ({@code mqttBroker}, HiveMQ Community Edition running inside the
 * Patchline process) and the sensor simulator ({@code sensorSim}).
 *
 * <p>Threading rule: operators run on their graph's cook thread only. The broker starts and stops on
 * one helper thread per node ({@code patchline-broker-<node>}), because HiveMQ takes seconds to start
 * and the cook thread must never wait for it; that thread publishes an immutable
 * {@link dev.patchline.nodes.broker.BrokerStatus} through a volatile field and wakes the node. HiveMQ's
 * own threads only call the thread-safe {@link dev.patchline.nodes.broker.PasswordAuthenticator}.
 */
package dev.patchline.nodes.broker;
