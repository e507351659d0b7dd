package io.tributary.connect.demo;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The MQTT broker the demo uses when none is given: Moquette in this JVM, MQTT 3.1.1, plain TCP
 * on loopback, sessions and queued messages persisted in the data directory.
 */
final class EmbeddedMqttBroker implements AutoCloseable {
    private final Server server = new Server();
    private final int port;

    private EmbeddedMqttBroker(int port) {
        this.port = port;
    }

    static EmbeddedMqttBroker start(int port, Path store) throws IOException {
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.DATA_PATH_PROPERTY_NAME, store.toString());
        EmbeddedMqttBroker broker = new EmbeddedMqttBroker(port);
        broker.server.startServer(new MemoryConfig(p));
        return broker;
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
