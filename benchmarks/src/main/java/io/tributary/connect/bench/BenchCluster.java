package io.tributary.connect.bench;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A KRaft broker and two distributed Connect workers in this JVM, with a plugin.path holding the
 * unpacked Tributary zip and the peers' plugins: connectors load exactly as a user installs them.
 */
final class BenchCluster implements AutoCloseable {
    private final EmbeddedConnectCluster cluster;

    BenchCluster(Path pluginPath, int workers) {
        Map<String, String> props = new HashMap<>();
        props.put("plugin.path", pluginPath.toAbsolutePath().toString());
        props.put("offset.flush.interval.ms", "10000");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        // The broker's default, which the embedded cluster sets to 0: the first assignment waits until
        // every task's consumer has joined, so a run is not timed through a second rebalance.
        Properties broker = new Properties();
        broker.setProperty("group.initial.rebalance.delay.ms", "3000");
        cluster = new EmbeddedConnectCluster.Builder()
                .name("tributary-bench")
                .numWorkers(workers)
                .numBrokers(1)
                .workerProps(props)
                .brokerProps(broker)
                .build();
        cluster.start();
    }

    EmbeddedConnectCluster connect() {
        return cluster;
    }

    @Override
    public void close() {
        cluster.stop();
    }
}
