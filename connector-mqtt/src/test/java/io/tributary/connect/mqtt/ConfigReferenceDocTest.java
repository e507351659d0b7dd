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

    static final String SINK_TITLE = "MQTT sink connector configuration";
    static final String SINK_INTRO = "`io.tributary.connect.mqtt.MqttSinkConnector` publishes Kafka records to an MQTT "
            + "broker: the topic from a template over the record, QoS and retain per connector or per record, MQTT 5 "
            + "properties from headers and fields. A record's offset is committed only once the broker has "
            + "acknowledged its message (PUBACK at QoS 1, PUBCOMP at QoS 2), so a crash or a lost connection sends "
            + "it again rather than losing it; messages of one Kafka partition are published in offset order. "
            + "Besides these keys it takes Connect's own (`topics` or `topics.regex`, `tasks.max`, converters, "
            + "`errors.tolerance`, `errors.deadletterqueue.topic.name`): records that cannot be messages, and "
            + "messages the broker refuses with an MQTT 5 reason code, go to the dead letter queue with the cause "
            + "in headers.\n\n"
            + "**Throughput tuning.** A task keeps at most `mqtt.max.in.flight.messages` unacknowledged, lowered to "
            + "the Receive Maximum an MQTT 5 broker announces (Mosquitto: its `max_inflight_messages`, default 20; "
            + "raise it there), and runs at about that window divided by the broker's acknowledgement latency. "
            + "Scale with `tasks.max` up to the topic's partition count. Figures: docs/benchmarks.md.";

    @Test
    void referenceUnderDocsMatchesTheConfigDef() throws IOException {
        assertCurrent("docs/connectors/mqtt-source-config.md", ConfigReference.markdown(TITLE, INTRO, MqttSourceConfig.CONFIG_DEF));
    }

    @Test
    void sinkReferenceUnderDocsMatchesTheConfigDef() throws IOException {
        assertCurrent("docs/connectors/mqtt-sink-config.md",
                ConfigReference.markdown(SINK_TITLE, SINK_INTRO, MqttSinkConfig.CONFIG_DEF));
    }

    private static void assertCurrent(String path, String generated) throws IOException {
        Path doc = Path.of("").toAbsolutePath().getParent().resolve(path);
        assertEquals(generated, ConfigReference.committed(doc, generated), doc + " is stale: run mvn -pl connector-mqtt test "
                + "-Dtest=ConfigReferenceDocTest -Dtributary.docs.write=true");
    }
}
