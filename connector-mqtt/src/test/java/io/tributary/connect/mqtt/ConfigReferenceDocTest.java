package io.tributary.connect.mqtt;

import io.tributary.connect.common.config.ConfigReference;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The config reference under docs/ is generated from the ConfigDef. This test fails when it is
 * stale; {@code mvn test -Dtributary.docs.write=true} rewrites it.
 */
class ConfigReferenceDocTest {
    static final String TITLE = "MQTT source connector configuration";
    static final String INTRO = "`io.tributary.connect.mqtt.MqttSourceConnector` subscribes to MQTT topic filters and "
            + "writes each message to Kafka, acknowledging it to the broker only once Kafka has stored it. Besides "
            + "these keys it takes Connect's own (`tasks.max`, converters, `producer.override.*`, "
            + "`topic.creation.*`).\n\n"
            + "**Throughput tuning.** A message is acknowledged to the broker only once Kafka has it, so each task "
            + "has at most its in-flight window of messages outstanding and runs at about that window divided by the "
            + "Kafka write latency. With MQTT 5 the window is `mqtt.receive.maximum` (default 65535); with MQTT 3.1.1 "
            + "it is the broker's (Mosquitto's `max_inflight_messages`, default 20: raise it). Set "
            + "`producer.override.linger.ms` low (1–5 ms) for latency, and scale with `tasks.max` over shared "
            + "subscriptions. Figures: docs/benchmarks.md.";

    @Test
    void referenceUnderDocsMatchesTheConfigDef() throws IOException {
        Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs/connectors/mqtt-source-config.md");
        String generated = ConfigReference.markdown(TITLE, INTRO, MqttSourceConfig.CONFIG_DEF);
        assertEquals(generated, ConfigReference.committed(doc, generated), doc + " is stale: run mvn -pl connector-mqtt test "
                + "-Dtest=ConfigReferenceDocTest -Dtributary.docs.write=true");
    }
}
