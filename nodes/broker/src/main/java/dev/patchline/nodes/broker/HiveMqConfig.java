package dev.patchline.nodes.broker;

/**
 * Writes HiveMQ's {@code config.xml} for one embedded broker. Only what Patchline exposes is written;
 * everything else keeps HiveMQ's defaults, except anonymous usage statistics, which are switched off
 * because a local tool must not report to the network on its own.
 */
final class HiveMqConfig {

    private HiveMqConfig() {}

    /**
     * @param address     bind address of every listener
     * @param port        MQTT TCP port (already chosen, never 0)
     * @param wsPort      WebSocket port, or 0 for none
     * @param persistence file persistence under the data folder; in-memory otherwise
     */
    static String xml(String address, int port, int wsPort, boolean persistence) {
        String bind = escape(address);
        StringBuilder xml = new StringBuilder(512);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<!-- written by Patchline's mqttBroker operator at every start; edits here are overwritten -->\n");
        xml.append("<hivemq>\n  <listeners>\n");
        xml.append("    <tcp-listener><port>")
                .append(port)
                .append("</port><bind-address>")
                .append(bind)
                .append("</bind-address></tcp-listener>\n");
        if (wsPort > 0) {
            xml.append("    <websocket-listener><port>")
                    .append(wsPort)
                    .append("</port><bind-address>")
                    .append(bind)
                    .append("</bind-address><path>")
                    .append(EmbeddedBroker.WEBSOCKET_PATH)
                    .append("</path>")
                    .append(
                            "<subprotocols><subprotocol>mqttv3.1</subprotocol><subprotocol>mqtt</subprotocol></subprotocols>")
                    .append("<allow-extensions>true</allow-extensions></websocket-listener>\n");
        }
        xml.append("  </listeners>\n");
        xml.append("  <persistence><mode>")
                .append(persistence ? "file" : "in-memory")
                .append("</mode></persistence>\n");
        xml.append("  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n");
        xml.append("</hivemq>\n");
        return xml.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
