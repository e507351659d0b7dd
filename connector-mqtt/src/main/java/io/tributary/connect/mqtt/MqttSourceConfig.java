package io.tributary.connect.mqtt;

import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.config.ConfigChoices;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.errors.BadInputAction;
import io.tributary.connect.common.config.ConfigLog;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.naming.KafkaTopicNames;
import io.tributary.connect.common.template.Template;
import io.tributary.connect.mqtt.client.MqttConnectionConfig;
import io.tributary.connect.mqtt.source.KafkaTopicMapper;
import io.tributary.connect.mqtt.source.TopicFilters;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The MQTT source's settings: the shared connection keys plus subscription, record and error keys. */
public final class MqttSourceConfig extends MqttConnectorConfig {
    public static final String TOPICS = "mqtt.topics";
    public static final String QOS = "mqtt.qos";
    public static final String SHARED_SUBSCRIPTION = "mqtt.shared.subscription.enabled";
    public static final String SHARED_GROUP = "mqtt.shared.subscription.group";
    public static final String RECEIVE_MAXIMUM = "mqtt.receive.maximum";
    public static final String MAX_UNACKNOWLEDGED = "mqtt.max.unacknowledged.messages";
    public static final String RETAINED = "mqtt.retained.messages";

    public static final String KAFKA_TOPIC = "kafka.topic";
    public static final String KAFKA_TOPIC_SEPARATOR = "kafka.topic.separator";
    public static final String KAFKA_TOPIC_RULES = "kafka.topic.rules";
    public static final String PAYLOAD_FORMAT = "mqtt.payload.format";
    public static final String JSON_SCHEMA = "mqtt.json.schema";
    public static final String RECORD_KEY = "mqtt.record.key";
    public static final String RECORD_KEY_FIELD = "mqtt.record.key.field";
    public static final String RECORD_TIMESTAMP = "mqtt.record.timestamp";
    public static final String RECORD_TIMESTAMP_FIELD = "mqtt.record.timestamp.field";
    public static final String PAYLOAD_MAX_BYTES = "mqtt.payload.max.bytes";

    public static final String ERRORS_ACTION = "mqtt.errors.action";
    public static final String ERRORS_TOPIC = "mqtt.errors.topic";

    public static final String POLL_MAX_RECORDS = "mqtt.poll.max.records";
    public static final String POLL_TIMEOUT_MS = "mqtt.poll.timeout.ms";

    public enum PayloadFormat implements ConfigChoice { BYTES, STRING, JSON }

    public enum JsonSchema implements ConfigChoice { NONE, INFER }

    public enum KeySource implements ConfigChoice { TOPIC, NONE, FIELD }

    public enum TimestampSource implements ConfigChoice { ARRIVAL, FIELD }

    /** What happens to retained messages. */
    public enum RetainedMessages implements ConfigChoice { INCLUDE, SKIP }

    public static final ConfigDef CONFIG_DEF = configDef();

    public MqttSourceConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props);
        ConfigLog.values(LoggerFactory.getLogger(MqttSourceConfig.class), this, Set.of(MqttConnectionConfig.SERVER_URI));
    }

    private static ConfigDef configDef() {
        ConfigDefBuilder b = MqttConnectionConfig.define(new ConfigDefBuilder());
        return b.group("Subscription")
                .defineRequired(TOPICS, Type.LIST, new FiltersValidator(), Importance.HIGH,
                        "Topic filters to subscribe to, comma-separated; '+' matches one level and '#' the rest, as "
                                + "in sensors/+/temperature,plant/#. Topics starting with '$' (such as $SYS) only match "
                                + "filters that name them.", "Topic filters")
                .define(QOS, Type.INT, 1, ConfigDef.Range.between(0, 2), Importance.HIGH,
                        "Subscription QoS. 1 and 2: each message is acknowledged to the broker only after Kafka has "
                                + "stored its record, so a crash never loses it (it may arrive twice), provided the broker can queue "
                                + "what arrives while a task is down or moving to another worker: size its queue for "
                                + "rate x failover time (Mosquitto drops beyond max_queued_messages, default 1000). "
                                + "0: at most once.",
                        "QoS")
                .define(SHARED_SUBSCRIPTION, Type.BOOLEAN, false, null, Importance.MEDIUM,
                        "Off (the default): the filters are dealt out over the tasks, each filter to exactly one "
                                + "task, and every task subscribes plainly, so its persistent session keeps what is "
                                + "published while it is away, on every broker; tasks.max then runs at most one task "
                                + "per filter (list several filters in mqtt.topics to spread the load). On, with MQTT "
                                + "5 and more than one task: every task joins one shared subscription "
                                + "($share/<group>/<filter>) and the broker spreads one busy filter over the tasks. "
                                + "The trade-off: brokers such as Mosquitto 2.0 do not keep shared subscriptions "
                                + "across a broker restart and drop what is published until a task subscribes again "
                                + "(a restart lost thousands of messages in tests); turn it on only where the broker "
                                + "keeps shared subscriptions (or their queued messages) across restarts. A single "
                                + "task always subscribes plainly. Switching between the two leaves the former "
                                + "subscription in each task's broker session (and its messages delivered twice): "
                                + "start once with mqtt.clean.start=true.", "Shared subscriptions")
                .define(SHARED_GROUP, Type.STRING, "", new GroupValidator(), Importance.LOW,
                        "Share group name; empty means the connector name.", "Share group")
                .define(CLEAN_START, Type.BOOLEAN, false, null, Importance.MEDIUM,
                        "Start each connection with a new session. Leave false: the broker then keeps the session "
                                + "(subscriptions and undelivered messages) while the task is down, and delivers what "
                                + "was published meanwhile when it returns.", "Clean start")
                .define(SESSION_EXPIRY_SECONDS, Type.LONG, 86_400L, ConfigDef.Range.between(0, 4_294_967_295L),
                        Importance.MEDIUM, "MQTT 5: how long the broker keeps the session after a task disconnects "
                                + "(4294967295 = never expires). With 3.1.1 the broker's own setting decides.",
                        "Session expiry")
                .define(RECEIVE_MAXIMUM, Type.INT, 65_535, ConfigDef.Range.between(1, 65_535), Importance.MEDIUM,
                        "Most QoS 1/2 messages the broker may have in flight to one task, unacknowledged (MQTT 5 "
                                + "Receive Maximum; 65535 is the protocol's default). Messages are acknowledged only "
                                + "once Kafka has them, so this window bounds a task at about window / (Kafka write "
                                + "latency), and its memory at about window x payload size. Lower it only with a "
                                + "broker that honours it: Mosquitto 2.0 sends more than a small Receive Maximum "
                                + "when it drains a backlog, and the client then has to drop the connection (the "
                                + "messages come again, but throughput collapses). With MQTT 3.1.1 the broker "
                                + "alone sets the window: Mosquitto's max_inflight_messages, default 20; raise it "
                                + "there. Lower producer.override.linger.ms (1-5 ms) to cut latency.",
                        "Receive maximum")
                .define(MAX_UNACKNOWLEDGED, Type.INT, 20_000, ConfigDef.Range.between(1, 1_000_000), Importance.MEDIUM,
                        "Most messages a task has handed to Kafka without having acknowledged them to the broker; "
                                + "at the limit it hands out no more until Kafka confirms some, and while its connection "
                                + "is down it hands out none. These are what a crash (or a broker restart, or a lost "
                                + "connection) delivers twice, since the broker sends every unacknowledged message "
                                + "again, together with the acknowledgements the broken connection was still carrying "
                                + "(at most as many again): the default keeps that around a second of traffic at the "
                                + "rates the benchmarks measure (15,000-27,000 messages/s per task as publishers "
                                + "send), while it caps a task at about this number / (Kafka write latency): some "
                                + "140,000 messages/s at the 145 ms Kafka took while a task drained a backlog, where "
                                + "10,000 cost a quarter of the rate. "
                                + "Acknowledgements go out in the order the broker sent the messages (MQTT requires "
                                + "it), so one Kafka partition that lags holds back the acknowledgements of all: this "
                                + "bound is what keeps that from piling up. Lower it to bound duplicates tighter, at "
                                + "the cost of throughput when Kafka is slow.",
                        "Maximum unacknowledged messages")
                .defineChoice(RETAINED, RetainedMessages.INCLUDE, Importance.LOW, "Retained messages (the last value the broker keeps per topic, sent on "
                                + "subscribe): 'include' writes them with header mqtt.retain=true, 'skip' drops them. MQTT 5 "
                                + "brokers need not send retained messages to shared subscriptions; set "
                                + "mqtt.shared.subscription.enabled=false where they matter.",
                        "Retained messages")
                .group("Records")
                .define(KAFKA_TOPIC, Type.STRING, "${mqtt.topic}", new KafkaTopicValidator(), Importance.HIGH,
                        "Kafka topic of each message: a fixed name, or a template where ${mqtt.topic} is the MQTT "
                                + "topic with '/' replaced by kafka.topic.separator. Characters Kafka does not allow "
                                + "in topic names (such as '$' or spaces) become '_'.", "Kafka topic")
                .define(KAFKA_TOPIC_SEPARATOR, Type.STRING, ".", Validators.oneOfIgnoreCase(".", "_", "-"),
                        Importance.LOW, "What '/' becomes in ${mqtt.topic}.", "Topic level separator")
                .define(KAFKA_TOPIC_RULES, Type.LIST, "", new RulesValidator(), Importance.MEDIUM,
                        "Regex routing rules tried before kafka.topic, first match wins: 'regex=>topic' pairs, "
                                + "comma-separated, where the regex must match the whole MQTT topic and the target "
                                + "may use groups ($1), as in ^plant/([^/]+)/temp$=>temperatures-$1.", "Topic rules")
                .defineChoice(PAYLOAD_FORMAT, PayloadFormat.BYTES, Importance.HIGH, "How the payload becomes the record value: 'bytes' as is; 'string' as UTF-8 "
                                + "text (invalid UTF-8 is a bad payload); 'json' parsed (see mqtt.json.schema). An "
                                + "empty payload becomes an empty value for bytes and string, and a null value "
                                + "for json.", "Payload format")
                .defineChoice(JSON_SCHEMA, JsonSchema.NONE, Importance.MEDIUM,
                        "With json payloads: 'none' gives schemaless maps (JsonConverter with schemas.enable=false); "
                                + "'infer' gives a Struct with a schema inferred from each message (integers int64, "
                                + "other numbers float64, all fields optional).", "JSON schema")
                .defineChoice(RECORD_KEY, KeySource.TOPIC, Importance.MEDIUM, "Record key: the MQTT topic (so one sensor's readings stay in order in "
                                + "one partition), none, or a field of a json payload (mqtt.record.key.field).",
                        "Record key")
                .define(RECORD_KEY_FIELD, Type.STRING, "", null, Importance.LOW,
                        "Dotted path of the key field in a json payload, as in device.id.", "Key field")
                .defineChoice(RECORD_TIMESTAMP, TimestampSource.ARRIVAL, Importance.LOW, "Record timestamp: when the message arrived, or a field of a json payload "
                                + "(epoch milliseconds or ISO-8601); a message without the field, or with a time more "
                                + "than an hour ahead (which brokers refuse by default), gets its arrival time, one "
                                + "with an unreadable value is a bad payload.", "Record timestamp")
                .define(RECORD_TIMESTAMP_FIELD, Type.STRING, "", null, Importance.LOW,
                        "Dotted path of the timestamp field in a json payload.", "Timestamp field")
                .define(PAYLOAD_MAX_BYTES, Type.INT, 1_000_000, ConfigDef.Range.between(0, Integer.MAX_VALUE),
                        Importance.LOW, "Larger payloads are bad payloads (sent to the error topic without their "
                                + "body), so one huge message never fails the producer. Keep it below the producer's "
                                + "max.request.size.", "Maximum payload size")
                .group("Errors")
                .defineChoice(ERRORS_ACTION, BadInputAction.ERROR_TOPIC, Importance.MEDIUM, "What happens to a bad payload (not JSON, not UTF-8, too large, unreadable "
                                + "timestamp): 'error-topic' writes the raw payload to mqtt.errors.topic with the "
                                + "cause and MQTT metadata in headers; 'drop' skips it (counted in the task metrics "
                                + "and logged); 'fail' stops the task, naming the topic and the cause.", "Bad payloads")
                .define(ERRORS_TOPIC, Type.STRING, "", new KafkaTopicValidator(), Importance.MEDIUM,
                        "Kafka topic for bad payloads; empty means '<connector name>.errors'.", "Error topic")
                .group("Performance")
                .define(POLL_MAX_RECORDS, Type.INT, 2000, ConfigDef.Range.between(1, 100_000), Importance.LOW,
                        "Most records one poll hands to the worker.", "Records per poll")
                .define(POLL_TIMEOUT_MS, Type.INT, 200, ConfigDef.Range.between(1, 60_000), Importance.LOW,
                        "How long a poll waits for a first message before returning none.", "Poll timeout")
                .build();
    }

    public List<String> topicFilters() {
        return getList(TOPICS).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public int qos() {
        return getInt(QOS);
    }

    /** Shared subscriptions are used only when asked for and the protocol has them. */
    public boolean sharedSubscriptions() {
        return getBoolean(SHARED_SUBSCRIPTION) && isMqtt5();
    }

    public String sharedGroup(String connectorName) {
        String g = getString(SHARED_GROUP).trim();
        return g.isEmpty() ? io.tributary.connect.mqtt.source.SubscriptionPlan.groupName(connectorName) : g;
    }

    public int maxUnacknowledged() {
        return getInt(MAX_UNACKNOWLEDGED);
    }

    public int receiveMaximum() {
        return getInt(RECEIVE_MAXIMUM);
    }

    public boolean skipRetained() {
        return ConfigChoices.parse(RetainedMessages.class, RETAINED, getString(RETAINED)) == RetainedMessages.SKIP;
    }

    public String kafkaTopic() {
        return getString(KAFKA_TOPIC).trim();
    }

    public String kafkaTopicSeparator() {
        return getString(KAFKA_TOPIC_SEPARATOR);
    }

    public List<String> kafkaTopicRules() {
        return getList(KAFKA_TOPIC_RULES);
    }

    public PayloadFormat payloadFormat() {
        return ConfigChoices.parse(PayloadFormat.class, PAYLOAD_FORMAT, getString(PAYLOAD_FORMAT));
    }

    public JsonSchema jsonSchema() {
        return ConfigChoices.parse(JsonSchema.class, JSON_SCHEMA, getString(JSON_SCHEMA));
    }

    public KeySource keySource() {
        return ConfigChoices.parse(KeySource.class, RECORD_KEY, getString(RECORD_KEY));
    }

    public List<String> keyField() {
        return path(getString(RECORD_KEY_FIELD));
    }

    public TimestampSource timestampSource() {
        return ConfigChoices.parse(TimestampSource.class, RECORD_TIMESTAMP, getString(RECORD_TIMESTAMP));
    }

    public List<String> timestampField() {
        return path(getString(RECORD_TIMESTAMP_FIELD));
    }

    public int payloadMaxBytes() {
        return getInt(PAYLOAD_MAX_BYTES);
    }

    public BadInputAction errorsAction() {
        return ConfigChoices.parse(BadInputAction.class, ERRORS_ACTION, getString(ERRORS_ACTION));
    }

    public String errorsTopic(String connectorName) {
        String t = getString(ERRORS_TOPIC).trim();
        return t.isEmpty() ? KafkaTopicNames.legal(connectorName + ".errors") : t;
    }

    public int pollMaxRecords() {
        return getInt(POLL_MAX_RECORDS);
    }

    public int pollTimeoutMs() {
        return getInt(POLL_TIMEOUT_MS);
    }

    private static List<String> path(String dotted) {
        String d = dotted == null ? "" : dotted.trim();
        return d.isEmpty() ? List.of() : List.of(d.split("\\."));
    }

    static final class FiltersValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> filters = value == null ? List.of() : (List<String>) value;
            if (filters.stream().allMatch(f -> f.trim().isEmpty())) {
                throw new ConfigException(name, value, "must name at least one topic filter, such as sensors/#");
            }
            for (String f : filters) {
                String problem = TopicFilters.problem(f.trim());
                if (problem != null) {
                    throw new ConfigException(name, f, "is not a valid topic filter: " + problem);
                }
            }
        }

        @Override
        public String toString() {
            return "MQTT topic filters";
        }
    }

    static final class GroupValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String v = value == null ? "" : value.toString();
            if (v.contains("/") || v.contains("+") || v.contains("#")) {
                throw new ConfigException(name, value, "must not contain '/', '+' or '#'");
            }
        }

        @Override
        public String toString() {
            return "a name without '/', '+' or '#'";
        }
    }

    static final class KafkaTopicValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String v = value == null ? "" : value.toString().trim();
            if (v.isEmpty()) {
                return;
            }
            Template t;
            try {
                t = Template.parse(v, Set.of("mqtt"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage() + "; the only placeholder is ${mqtt.topic}");
            }
            if (t.isConstant() && !KafkaTopicNames.isLegal(v)) {
                throw new ConfigException(name, value, "is not a legal Kafka topic name: use at most 249 letters, "
                        + "digits, '.', '_' or '-'");
            }
        }

        @Override
        public String toString() {
            return "a Kafka topic name or a template with ${mqtt.topic}";
        }
    }

    static final class RulesValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> rules = value == null ? List.of() : (List<String>) value;
            for (String rule : rules) {
                try {
                    KafkaTopicMapper.Rule.parse(rule);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, rule, e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "regex=>topic pairs";
        }
    }
}
