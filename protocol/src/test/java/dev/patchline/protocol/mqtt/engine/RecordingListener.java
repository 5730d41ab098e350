package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.SubAckReasonCode;
import java.util.ArrayList;
import java.util.List;

/** Records every engine event in order; refuses messages while {@link #accepting} is false. */
final class RecordingListener implements MqttEngineListener {

    final List<ConnectionInfo> connected = new ArrayList<>();
    final List<DisconnectInfo> disconnected = new ArrayList<>();
    final List<MqttMessage> messages = new ArrayList<>();
    final List<Throwable> closeRequests = new ArrayList<>();
    final List<Boolean> readable = new ArrayList<>();
    final List<Boolean> queueFull = new ArrayList<>();
    final List<String> restoreFailures = new ArrayList<>();
    int refused;
    int readOnceRequests;
    boolean accepting = true;

    @Override
    public void connected(ConnectionInfo info) {
        connected.add(info);
    }

    @Override
    public void disconnected(DisconnectInfo info) {
        disconnected.add(info);
    }

    @Override
    public boolean messageReceived(MqttMessage message) {
        if (!accepting) {
            refused++;
            return false;
        }
        messages.add(message);
        return true;
    }

    @Override
    public void closeConnection(Throwable reason) {
        closeRequests.add(reason);
    }

    @Override
    public void readOnce() {
        readOnceRequests++;
    }

    @Override
    public void readable(boolean on) {
        readable.add(on);
    }

    @Override
    public void publishQueueFull(boolean full) {
        queueFull.add(full);
    }

    @Override
    public void subscriptionRestoreFailed(MqttSubscription subscription, SubAckReasonCode reasonCode) {
        restoreFailures.add(subscription.filter() + "=" + Integer.toHexString(reasonCode.code()));
    }

    List<String> topics() {
        List<String> t = new ArrayList<>();
        for (MqttMessage m : messages) {
            t.add(m.topic());
        }
        return t;
    }

    void releaseAll() {
        for (MqttMessage m : messages) {
            if (m.payload().refCnt() > 0) {
                m.release();
            }
        }
    }
}
