package io.tributary.connect.demo;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Connect worker in distributed mode, with the data directory's plugins folder as plugin.path. */
final class ConnectWorker {
    static final String GROUP = "tributary-local";

    private ConnectWorker() {
    }

    static ChildJvm start(LocalStackOptions o, DataDirectory data, ConnectRest rest) throws IOException, InterruptedException {
        var config = data.config("connect-distributed.properties");
        data.writeProperties(config, Map.ofEntries(
                Map.entry("bootstrap.servers", o.bootstrapServers()),
                Map.entry("group.id", GROUP),
                Map.entry("key.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("config.storage.topic", GROUP + "-configs"),
                Map.entry("offset.storage.topic", GROUP + "-offsets"),
                Map.entry("status.storage.topic", GROUP + "-status"),
                Map.entry("config.storage.replication.factor", "1"),
                Map.entry("offset.storage.replication.factor", "1"),
                Map.entry("status.storage.replication.factor", "1"),
                Map.entry("offset.flush.interval.ms", "5000"),
                Map.entry("listeners", "http://127.0.0.1:" + o.restPort),
                Map.entry("rest.advertised.host.name", "127.0.0.1"),
                Map.entry("rest.advertised.port", Integer.toString(o.restPort)),
                Map.entry("plugin.path", data.plugins().toString()),
                // Our zip declares its plugins in META-INF/services: no classpath scan needed.
                Map.entry("plugin.discovery", "service_load")));
        ChildJvm worker = ChildJvm.start("Connect worker", "org.apache.kafka.connect.cli.ConnectDistributed",
                List.of(config.toString()), data.log("connect.log"), data.log4jConfig(), "1g");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!rest.lists(DemoPipelines.MQTT_SOURCE_CLASS)) {
            if (!worker.alive()) {
                throw new IllegalStateException("The Connect worker exited at start; see " + worker.log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The Connect worker did not list the Tributary plugins at " + o.restUrl()
                        + " within 120 s; see " + worker.log());
            }
            Thread.sleep(500);
        }
        return worker;
    }
}
