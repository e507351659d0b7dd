package io.tributary.connect.demo;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka (broker and controller in one process) whose log directory lives in
 * the data directory: formatted on the first run, reused on the next.
 */
final class KafkaBroker {
    private KafkaBroker() {
    }

    static ChildJvm start(LocalStackOptions o, DataDirectory data) throws IOException, InterruptedException {
        Path logDir = data.kafkaLogs();
        Files.createDirectories(logDir);
        Path config = data.config("server.properties");
        data.writeProperties(config, Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + o.controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + o.kafkaPort + ",CONTROLLER://127.0.0.1:" + o.controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + o.kafkaPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        Path log = data.log("kafka.log");
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            System.out.println("Formatting Kafka's storage in " + logDir);
            ChildJvm.run("kafka.tools.StorageTool", List.of("format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString(), "--ignore-formatted"), log, data.log4jConfig());
        }
        ChildJvm kafka = ChildJvm.start("Kafka broker", "kafka.Kafka", List.of(config.toString()), log,
                data.log4jConfig(), "1g");
        awaitReady(o, kafka);
        return kafka;
    }

    private static void awaitReady(LocalStackOptions o, ChildJvm kafka) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000))) {
            while (true) {
                if (!kafka.alive()) {
                    throw new IllegalStateException("Kafka exited at start; see " + kafka.log());
                }
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka did not come up on " + o.bootstrapServers()
                                + " within 120 s; see " + kafka.log());
                    }
                    Thread.sleep(Duration.ofMillis(500).toMillis());
                }
            }
        }
    }
}
