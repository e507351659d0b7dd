package io.tributary.connect.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A second MQTT broker implementation: {@code nats-server} with its {@code mqtt} block (MQTT 3.1.1, QoS 0
 * and 1, sessions in JetStream), on free loopback ports, for tests that must hold against more than one
 * broker. The binary comes from {@code TRIBUTARY_NATS_BIN} (default {@code nats-server}, or
 * {@code /usr/sbin/nats-server}). It has no QoS 2 and no MQTT 5: tests say so and skip those parts.
 */
public final class NatsMqttBroker implements AutoCloseable {
    private final Path dir;
    private final int mqttPort;
    private final Process process;

    private NatsMqttBroker(Path dir, int mqttPort, Process process) {
        this.dir = dir;
        this.mqttPort = mqttPort;
        this.process = process;
    }

    /** The binary to run, or null when none is installed. */
    public static String binary() {
        String configured = System.getenv("TRIBUTARY_NATS_BIN");
        if (configured != null) {
            return configured;
        }
        for (String candidate : new String[]{"/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    public static NatsMqttBroker start() throws IOException, InterruptedException {
        String binary = binary();
        if (binary == null) {
            throw new IOException("nats-server is not installed (set TRIBUTARY_NATS_BIN, or apt-get install nats-server)");
        }
        Path dir = Files.createTempDirectory("tributary-nats");
        int natsPort = freePort();
        int mqttPort = freePort();
        Path conf = dir.resolve("nats.conf");
        Files.writeString(conf, String.join("\n",
                "listen: 127.0.0.1:" + natsPort,
                "server_name: tributary_test_" + natsPort,
                "jetstream {",
                "  store_dir: \"" + dir.resolve("jetstream").toAbsolutePath() + "\"",
                "}",
                "mqtt {",
                "  listen: 127.0.0.1:" + mqttPort,
                "}", ""), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(binary, "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nats.log").toFile()).start();
        NatsMqttBroker broker = new NatsMqttBroker(dir, mqttPort, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!broker.accepting()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                broker.close();
                throw new IOException("nats-server did not open its MQTT port " + mqttPort + ": "
                        + Files.readString(dir.resolve("nats.log")));
            }
            Thread.sleep(100);
        }
        return broker;
    }

    private boolean accepting() {
        try (Socket s = new Socket("127.0.0.1", mqttPort)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The MQTT listener's URI, {@code tcp://127.0.0.1:<port>}. */
    public String uri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
