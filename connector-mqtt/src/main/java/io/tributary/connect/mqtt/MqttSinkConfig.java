package io.tributary.connect.mqtt;

import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.config.ConfigChoices;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.ConfigLog;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.errors.ErrantRecords;
import io.tributary.connect.common.template.SinkRecordResolver;
import io.tributary.connect.common.template.Template;
import io.tributary.connect.mqtt.client.MqttConnectionConfig;
import io.tributary.connect.mqtt.sink.MessageSettings;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The MQTT sink's settings: the shared connection keys plus the message, property and flow keys. */
public final class MqttSinkConfig extends MqttConnectorConfig {

    public static final String TOPIC = "mqtt.topic";
    public static final String QOS = "mqtt.qos";
    public static final String QOS_FROM = "mqtt.qos.from";
    public static final String RETAIN = "mqtt.retain";
    public static final String RETAIN_FROM = "mqtt.retain.from";
    public static final String PAYLOAD_FORMAT = "mqtt.payload.format";
    public static final String TOMBSTONES = "mqtt.tombstones";
    public static final String MESSAGE_MAX_BYTES = "mqtt.message.max.bytes";

    public static final String USER_PROPERTY_HEADERS = "mqtt.user.properties.headers";
    public static final String USER_PROPERTY_PREFIX = "mqtt.user.properties.header.prefix";
    public static final String CONTENT_TYPE = "mqtt.content.type";
    public static final String MESSAGE_EXPIRY = "mqtt.message.expiry.seconds";
    public static final String RESPONSE_TOPIC = "mqtt.response.topic";
    public static final String CORRELATION_DATA = "mqtt.correlation.data";

    public static final String MAX_IN_FLIGHT = "mqtt.max.in.flight.messages";
    public static final String MAX_BUFFERED = "mqtt.max.buffered.records";

    /** Placeholders of every template key: the record's coordinates, key, value fields, headers, time. */
    public static final Set<String> RECORD_ROOTS = SinkRecordResolver.ROOTS;

    /** The MQTT 5 property keys, which an MQTT 3.1.1 connection has no place for. */
    static final List<String> MQTT5_KEYS = List.of(USER_PROPERTY_HEADERS, USER_PROPERTY_PREFIX, CONTENT_TYPE,
            MESSAGE_EXPIRY, RESPONSE_TOPIC, CORRELATION_DATA);

    /** How a record's value becomes the payload. */
    public enum PayloadFormat implements ConfigChoice { AUTO, JSON }

    /** What a record with a null value (a tombstone) becomes. */
    public enum Tombstones implements ConfigChoice {
        SKIP, CLEAR_RETAINED;

        @Override
        public String configValue() {
            return this == CLEAR_RETAINED ? "clear-retained" : ConfigChoice.super.configValue();
        }
    }

    public static final ConfigDef CONFIG_DEF = configDef();

    public MqttSinkConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props);
        ConfigLog.values(LoggerFactory.getLogger(MqttSinkConfig.class), this, Set.of(MqttConnectionConfig.SERVER_URI, TOPIC));
    }

    private static ConfigDef configDef() {
        ConfigDefBuilder b = MqttConnectionConfig.define(new ConfigDefBuilder());
        return b.group("Session")
                .define(CLEAN_START, Type.BOOLEAN, false, null, Importance.LOW,
                        "Start each connection with a new session. Leave false: a reconnect then resumes the session, "
                                + "so the broker finishes the QoS 2 exchanges of the lost connection instead of taking "
                                + "their messages twice. Either way a publish the broker did not acknowledge is sent "
                                + "again.", "Clean start")
                .define(SESSION_EXPIRY_SECONDS, Type.LONG, 3_600L, ConfigDef.Range.between(0, 4_294_967_295L),
                        Importance.LOW, "MQTT 5: how long the broker keeps a task's session after it disconnects. With "
                                + "3.1.1 the broker's own setting decides.", "Session expiry")
                .group("Messages")
                .defineRequired(TOPIC, Type.STRING, new TopicTemplateValidator(), Importance.HIGH,
                        "MQTT topic of each record: a fixed topic or a template with ${topic}, ${partition}, "
                                + "${offset}, ${key}, ${key.<path>}, ${value.<path>}, ${header.<name>} and ${timestamp}, "
                                + "as devices/${value.device}/setpoint. Value fields are read from Structs and Maps, "
                                + "and from String or bytes values holding JSON. A record whose topic cannot be "
                                + "rendered, or renders with a wildcard ('+', '#'), an empty level the template does "
                                + "not have itself, a leading '$' or more than 65535 bytes, is a bad record (Connect's "
                                + "error handling: errors.tolerance, dead letter queue).", "MQTT topic")
                .define(QOS, Type.INT, 1, ConfigDef.Range.between(0, 2), Importance.HIGH,
                        "QoS of each message. 1 and 2: a record's offset is committed only once the broker has "
                                + "acknowledged its message (PUBACK, PUBCOMP), so a crash sends it again rather than "
                                + "losing it. 0: at most once; the offset commits once the message is written to the "
                                + "connection.", "QoS")
                .define(QOS_FROM, Type.STRING, "", new SinglePlaceholderValidator(), Importance.MEDIUM,
                        "Per-record QoS: one placeholder, as ${header.qos} or ${value.priority}, giving 0, 1 or 2; a "
                                + "record without it gets mqtt.qos, one with another value is a bad record. Empty: "
                                + "every message has mqtt.qos.", "QoS from")
                .define(RETAIN, Type.BOOLEAN, false, null, Importance.MEDIUM,
                        "Publish with the retain flag: the broker keeps the last message of each topic and hands it "
                                + "to every new subscriber (the current setpoint, the current price).", "Retain")
                .define(RETAIN_FROM, Type.STRING, "", new SinglePlaceholderValidator(), Importance.MEDIUM,
                        "Per-record retain flag: one placeholder, as ${header.retain}, giving true or false; a record "
                                + "without it gets mqtt.retain, one with another value is a bad record.", "Retain from")
                .defineChoice(PAYLOAD_FORMAT, PayloadFormat.AUTO, Importance.HIGH,
                        "How a record's value becomes the payload. 'auto': bytes as they are, a String as UTF-8, "
                                + "numbers and booleans as text, Structs, Maps and arrays as JSON. 'json': every value "
                                + "as JSON (a String becomes a quoted JSON string, bytes a base64 JSON string).",
                        "Payload format")
                .defineChoice(TOMBSTONES, Tombstones.SKIP, Importance.MEDIUM,
                        "A record with a null value: 'skip' publishes nothing; 'clear-retained' publishes an empty "
                                + "retained message to the record's topic, which is how MQTT deletes the message a "
                                + "broker retains there (the topic template then needs no value fields, or the "
                                + "tombstone is a bad record).", "Tombstones")
                .define(MESSAGE_MAX_BYTES, Type.INT, 268_435_455, ConfigDef.Range.between(1, 268_435_455),
                        Importance.LOW, "Largest PUBLISH packet (topic, properties and payload) a task sends; a larger "
                                + "message is a bad record. An MQTT 5 broker announces its own Maximum Packet Size, "
                                + "which applies too; with 3.1.1 set this to the broker's limit (Mosquitto's "
                                + "message_size_limit), since such a broker drops what is larger without a word.",
                        "Maximum message size")
                .group("MQTT 5 properties")
                .define(USER_PROPERTY_HEADERS, Type.LIST, "", null, Importance.MEDIUM,
                        "Kafka headers sent as MQTT 5 user properties, by name, comma-separated.", "Headers as user properties")
                .define(USER_PROPERTY_PREFIX, Type.STRING, "", null, Importance.MEDIUM,
                        "Kafka headers whose name starts with this prefix are sent as MQTT 5 user properties, named "
                                + "without the prefix (mqtt.prop.site → site). Empty: none by prefix.",
                        "Header prefix for user properties")
                .define(CONTENT_TYPE, Type.STRING, "", Validators.template(RECORD_ROOTS), Importance.LOW,
                        "MQTT 5 content type: fixed text (application/json) or a template such as ${header.content-type}; "
                                + "a record without the placeholder's value gets none.", "Content type")
                .define(MESSAGE_EXPIRY, Type.STRING, "", Validators.template(RECORD_ROOTS), Importance.LOW,
                        "MQTT 5 message expiry in seconds, after which the broker no longer delivers the message: a "
                                + "number or a template such as ${value.ttl}; a record without the value gets none, one "
                                + "with a value that is not a number of seconds is a bad record.", "Message expiry")
                .define(RESPONSE_TOPIC, Type.STRING, "", Validators.template(RECORD_ROOTS), Importance.LOW,
                        "MQTT 5 response topic (request/response): fixed or a template such as ${header.reply-to}.",
                        "Response topic")
                .define(CORRELATION_DATA, Type.STRING, "", Validators.template(RECORD_ROOTS), Importance.LOW,
                        "MQTT 5 correlation data, sent as the UTF-8 bytes of fixed text or a template such as "
                                + "${header.correlation-id}.", "Correlation data")
                .group("Flow")
                .define(MAX_IN_FLIGHT, Type.INT, 1_000, ConfigDef.Range.between(1, 65_535), Importance.MEDIUM,
                        "Most messages a task has published and the broker not yet acknowledged; an MQTT 5 broker's "
                                + "Receive Maximum lowers it (Mosquitto announces its max_inflight_messages, default "
                                + "20: raise it there for throughput). A task runs at about this window divided by the "
                                + "broker's acknowledgement latency. An MQTT 3.1.1 broker announces no window, so keep "
                                + "this within the broker's own there; QoS 2 on 3.1.1 is held to 20 in flight, since "
                                + "Mosquitto 2.0 before 2.0.13 acknowledges and then drops QoS 2 messages beyond its "
                                + "max_inflight_messages.", "Maximum in-flight messages")
                .define(MAX_BUFFERED, Type.INT, 10_000, ConfigDef.Range.between(1, 10_000_000), Importance.LOW,
                        "Most records of one Kafka partition a task holds unacknowledged (waiting for the window or "
                                + "in flight); at the limit the partition is paused, so the worker fetches others "
                                + "while a slow or absent broker drains it.", "Maximum buffered records")
                .build();
    }

    public int maxInFlight() {
        return getInt(MAX_IN_FLIGHT);
    }

    public int maxBuffered() {
        return getInt(MAX_BUFFERED);
    }

    /** True when some message may have QoS 2: mqtt.qos=2, or a per-record QoS. */
    public boolean mayPublishQos2() {
        return getInt(QOS) == 2 || !getString(QOS_FROM).isBlank();
    }

    public Tombstones tombstones() {
        return ConfigChoices.parse(Tombstones.class, TOMBSTONES, getString(TOMBSTONES));
    }

    /** True when Connect's errors.tolerance sends bad records to error handling instead of failing. */
    public boolean toleratesErrors() {
        return ErrantRecords.toleratesAll(originals());
    }

    /** How records become messages. MQTT 5 properties are left out on a 3.1.1 connection, which has no place for them. */
    public MessageSettings messages() {
        boolean v5 = isMqtt5();
        return new MessageSettings(v5, template(TOPIC), getInt(QOS), placeholder(QOS_FROM), getBoolean(RETAIN),
                placeholder(RETAIN_FROM), ConfigChoices.parse(PayloadFormat.class, PAYLOAD_FORMAT, getString(PAYLOAD_FORMAT)),
                tombstones(), getInt(MESSAGE_MAX_BYTES),
                v5 ? getList(USER_PROPERTY_HEADERS).stream().map(String::trim).filter(h -> !h.isEmpty()).toList() : List.of(),
                v5 ? getString(USER_PROPERTY_PREFIX) : "", v5 ? optionalTemplate(CONTENT_TYPE) : null,
                v5 ? optionalTemplate(MESSAGE_EXPIRY) : null, v5 ? optionalTemplate(RESPONSE_TOPIC) : null,
                v5 ? optionalTemplate(CORRELATION_DATA) : null);
    }

    private Template template(String key) {
        return Template.parse(getString(key).trim(), RECORD_ROOTS);
    }

    private Template optionalTemplate(String key) {
        String text = getString(key);
        return text == null || text.isEmpty() ? null : Template.parse(text, RECORD_ROOTS);
    }

    private Template placeholder(String key) {
        String text = getString(key).trim();
        return text.isEmpty() ? null : Template.parse(text, RECORD_ROOTS);
    }

    /** A topic template: placeholders known, and no wildcard, NUL or '$' start in its own text. */
    static final class TopicTemplateValidator implements ConfigDef.Validator {
        private final ConfigDef.Validator template = Validators.template(RECORD_ROOTS);

        @Override
        public void ensureValid(String name, Object value) {
            String v = value == null ? "" : value.toString().trim();
            if (v.isEmpty()) {
                throw new ConfigException(name, value, "must not be empty; set the MQTT topic to publish to, such as "
                        + "devices/${key}/setpoint");
            }
            template.ensureValid(name, v);
            if (v.indexOf('+') >= 0 || v.indexOf('#') >= 0 || v.indexOf('\0') >= 0) {
                throw new ConfigException(name, value, "is a topic to publish to, so it must not hold the wildcards "
                        + "'+' or '#' (or NUL)");
            }
            if (v.startsWith("$") && !v.startsWith("${")) {
                throw new ConfigException(name, value, "must not start with '$': brokers keep such topics ($SYS) "
                        + "for themselves");
            }
        }

        @Override
        public String toString() {
            return "an MQTT topic, or a template such as devices/${key}/setpoint";
        }
    }

    /** Empty, or exactly one placeholder ({@code ${header.qos}}) and nothing around it. */
    static final class SinglePlaceholderValidator implements ConfigDef.Validator {
        private final ConfigDef.Validator template = Validators.template(RECORD_ROOTS);

        @Override
        public void ensureValid(String name, Object value) {
            String v = value == null ? "" : value.toString().trim();
            if (v.isEmpty()) {
                return;
            }
            template.ensureValid(name, v);
            if (!v.startsWith("${") || v.indexOf("${", 2) >= 0 || !v.endsWith("}") || v.indexOf('}') != v.length() - 1) {
                throw new ConfigException(name, value, "must be one placeholder and nothing else, such as ${header.qos}");
            }
        }

        @Override
        public String toString() {
            return "empty, or one placeholder such as ${header.qos}";
        }
    }
}
