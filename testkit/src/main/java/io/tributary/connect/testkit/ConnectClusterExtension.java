package io.tributary.connect.testkit;

import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One real Connect cluster (a KRaft broker and N distributed workers) shared by the tests of a class:
 * {@code @RegisterExtension static ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();}
 * Without a plugin path, plugins come from the test classpath through their META-INF/services entries
 * ({@code plugin.discovery=service_load}), which also proves those entries exist.
 */
public final class ConnectClusterExtension implements BeforeAllCallback, AfterAllCallback {
    public static final Duration STATE_TIMEOUT = Duration.ofSeconds(90);

    private final int workers;
    private final Path pluginPath;
    private final Map<String, String> workerProps;
    private final java.util.Properties brokerProps;
    private EmbeddedConnectCluster cluster;

    private ConnectClusterExtension(Builder b) {
        this.workers = b.workers;
        this.pluginPath = b.pluginPath;
        this.workerProps = Map.copyOf(b.workerProps);
        this.brokerProps = (java.util.Properties) b.brokerProps.clone();
    }

    public static Builder workers(int workers) {
        return new Builder(workers);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Map<String, String> props = new HashMap<>();
        props.put("plugin.discovery", "service_load");
        if (pluginPath != null) {
            props.put("plugin.path", pluginPath.toAbsolutePath().toString());
        }
        // Commit sink offsets often and move tasks off a dead worker quickly: tests wait on both.
        props.put("offset.flush.interval.ms", "1000");
        props.put("scheduled.rebalance.max.delay.ms", "3000");
        props.put("heartbeat.interval.ms", "1000");
        props.put("session.timeout.ms", "10000");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.putAll(workerProps);
        cluster = new EmbeddedConnectCluster.Builder()
                .name("tributary-" + context.getRequiredTestClass().getSimpleName())
                .numWorkers(workers)
                .numBrokers(1)
                .workerProps(props)
                .brokerProps(brokerProps)
                .build();
        cluster.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.stop();
        }
    }

    public EmbeddedConnectCluster cluster() {
        return Objects.requireNonNull(cluster, "the cluster starts in beforeAll");
    }

    public EmbeddedKafkaCluster kafka() {
        return cluster().kafka();
    }

    public String bootstrapServers() {
        return kafka().bootstrapServers();
    }

    /** Creates a topic and waits until every partition has a leader, so producers never race the election. */
    public void createTopic(String topic, int partitions) {
        kafka().createTopic(topic, partitions);
        Await.until(STATE_TIMEOUT, "leaders for the " + partitions + " partitions of " + topic, () -> kafka()
                .describeTopics(topic).get(topic)
                .map(d -> d.partitions().size() == partitions && d.partitions().stream().allMatch(p -> p.leader() != null))
                .orElse(false));
    }

    /**
     * The sum of the topic's end offsets (0 while it does not exist): how far a run has written, read without
     * consuming, so a test can act the moment a threshold passes (transaction markers count too).
     */
    public long endOffsets(String topic) {
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer = kafka().createConsumer(Map.of())) {
            java.util.List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic,
                    Duration.ofSeconds(5)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Every record the topic holds now (read to its end offsets). */
    public java.util.List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records(String topic) {
        java.util.List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
        try {
            kafka().consumeAll(10_000, topic).forEach(out::add);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read topic " + topic + ": " + e, e);
        }
        return out;
    }

    /** Creates or replaces a connector through {@code PUT /connectors/NAME/config}. */
    public void configure(String name, Map<String, String> config) {
        cluster().configureConnector(name, config);
    }

    public ConfigInfos validate(String connectorClass, Map<String, String> config) {
        return cluster().validateConnectorConfig(connectorClass, config);
    }

    public ConnectorStateInfo status(String name) {
        return cluster().connectorStatus(name);
    }

    /**
     * Deletes the connector and waits until the workers no longer list it, so that a test that then closes
     * the connector's peer (a server, a broker) does not see its tasks fail on the way out. Right after a worker
     * left, the group may still name it as leader, and a worker forwards the DELETE there and fails: asked again
     * until the group has re-formed.
     */
    public void delete(String name) {
        Await.until(STATE_TIMEOUT, "the workers to take DELETE /connectors/" + name, () -> {
            try {
                cluster().deleteConnector(name);
                return true;
            } catch (org.apache.kafka.connect.runtime.rest.errors.ConnectRestException e) {
                if (e.statusCode() == 404) {
                    return true; // an earlier attempt went through after all
                }
                if (e.statusCode() == 409 || String.valueOf(e.getMessage()).contains("forward")) {
                    return false; // a rebalance, or a leader that has just left
                }
                throw e;
            }
        });
        Await.until(STATE_TIMEOUT, "connector " + name + " gone", () -> !cluster().connectors().contains(name));
    }

    /** Waits for the connector and exactly {@code tasks} tasks to be RUNNING. */
    public void awaitRunning(String name, int tasks) {
        Await.value(STATE_TIMEOUT, "connector " + name + " and " + tasks + " tasks RUNNING", () -> status(name),
                s -> "RUNNING".equals(s.connector().state()) && s.tasks().size() == tasks
                        && s.tasks().stream().allMatch(t -> "RUNNING".equals(t.state())));
    }

    /** Waits for some task of the connector to be FAILED; returns its trace. */
    /**
     * Stops the worker that runs the first task of {@code connector}, as a worker leaving the cluster mid-stream
     * does; its tasks move to the others. Returns the worker's id, as task statuses name it.
     */
    public String removeWorkerRunning(String connector) {
        String workerId = status(connector).tasks().get(0).workerId();
        org.apache.kafka.connect.util.clusters.WorkerHandle running = cluster().workers().stream()
                .filter(w -> workerId.endsWith(":" + w.url().getPort())).findFirst().orElseThrow();
        cluster().removeWorker(running);
        return workerId;
    }

    public String awaitTaskFailed(String name, Duration timeout) {
        ConnectorStateInfo info = Await.value(timeout, "a task of " + name + " to FAIL", () -> status(name),
                s -> s.tasks().stream().anyMatch(t -> "FAILED".equals(t.state())));
        return info.tasks().stream().filter(t -> "FAILED".equals(t.state())).findFirst().orElseThrow().trace();
    }

    public static final class Builder {
        private final int workers;
        private Path pluginPath;
        private final Map<String, String> workerProps = new HashMap<>();
        private final java.util.Properties brokerProps = new java.util.Properties();

        private Builder(int workers) {
            this.workers = workers;
        }

        /** Load plugins from this folder (an unpacked zip) instead of the classpath. */
        public Builder pluginPath(Path path) {
            this.pluginPath = path;
            return this;
        }

        public Builder workerProp(String key, String value) {
            workerProps.put(key, value);
            return this;
        }

        public Builder brokerProp(String key, String value) {
            brokerProps.setProperty(key, value);
            return this;
        }

        public ConnectClusterExtension build() {
            return new ConnectClusterExtension(this);
        }
    }
}
