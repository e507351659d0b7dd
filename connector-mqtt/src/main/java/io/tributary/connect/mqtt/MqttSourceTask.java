package io.tributary.connect.mqtt;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.mqtt.client.InboundMessage;
import io.tributary.connect.mqtt.client.MqttSession;
import io.tributary.connect.mqtt.client.Subscription;
import io.tributary.connect.mqtt.source.AckTracker;
import io.tributary.connect.mqtt.source.BadPayloadException;
import io.tributary.connect.mqtt.source.InboundBuffer;
import io.tributary.connect.mqtt.source.MqttSourceListener;
import io.tributary.connect.mqtt.source.RecordMapper;
import io.tributary.connect.mqtt.source.TaskAssignment;
import io.tributary.connect.mqtt.source.TopicFilters;
import io.tributary.connect.mqtt.source.TrackedRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads one task's share of the subscriptions: the session fills the buffer, {@code poll} maps
 * messages to records, {@code commitRecord} acknowledges them to the broker once Kafka has them.
 */
public final class MqttSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(MqttSourceTask.class);
    private static final long STATS_LOG_INTERVAL_MS = 60_000;

    private MqttSourceConfig config;
    private RecordMapper mapper;
    private InboundBuffer buffer;
    private final AckTracker tracker = new AckTracker();
    private MqttSession session;
    private MqttSourceListener listener;
    private TaskMetrics metrics;
    private LongAdder polled;
    private LongAdder badPayloads;
    private LongAdder dropped;
    private boolean skipRetained;
    private long nextStatsLog;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MqttSourceConfig(props);
        TaskAssignment assignment = TaskAssignment.of(props);
        String clientId = assignment.clientId(config.clientIdPrefix());
        mapper = new RecordMapper(config, assignment.connector(), Integer.toString(assignment.task()));
        skipRetained = config.skipRetained();
        buffer = new InboundBuffer(config.receiveMaximum() + 2 * config.pollMaxRecords());

        metrics = new TaskMetrics("mqtt-source-task", assignment.connector(), Integer.toString(assignment.task()));
        LongAdder received = metrics.counter("messages-received", "MQTT messages received");
        polled = metrics.counter("records-polled", "Records handed to the worker");
        badPayloads = metrics.counter("bad-payloads", "Messages whose payload could not be read");
        dropped = metrics.counter("messages-dropped", "Messages skipped on purpose (bad payloads with "
                + "mqtt.errors.action=drop, retained messages with mqtt.retained.messages=skip)");
        LongAdder reconnects = metrics.counter("reconnects", "Connections after the first");
        listener = new MqttSourceListener(clientId, buffer, tracker, received, reconnects);
        metrics.gauge("connected", "Whether the MQTT connection is up", () -> session != null && session.isConnected());
        metrics.gauge("messages-in-flight", "Messages handed to Kafka and not yet acknowledged to the broker",
                tracker::pending);
        metrics.gauge("messages-acknowledged", "Messages acknowledged to the broker", tracker::acknowledged);
        metrics.gauge("messages-buffered", "Messages received and not yet polled", buffer::size);
        metrics.register();

        List<Subscription> subs = new ArrayList<>();
        for (String filter : assignment.filters()) {
            subs.add(new Subscription(filter, config.qos(), skipRetained));
        }
        session = new MqttSession(config.connectionSettings(), new MqttSession.Options(clientId, config.cleanStart(),
                config.sessionExpirySeconds(), config.receiveMaximum(), subs), listener);
        try {
            session.start();
        } catch (Exception e) {
            throw new ConnectException("Could not set up the MQTT client " + clientId + ": " + e.getMessage()
                    + " (check the mqtt.ssl.* settings)", e);
        }
        nextStatsLog = System.currentTimeMillis() + STATS_LOG_INTERVAL_MS;
        log.info("MQTT source task {} of connector {} started: client {}, {}, QoS {}, at most {} messages handed to "
                        + "Kafka unacknowledged", assignment.task(), assignment.connector(), clientId,
                describeSubscriptions(assignment), config.qos(), config.maxUnacknowledged());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        String fatal = listener.fatal();
        if (fatal != null) {
            throw new ConnectException(fatal);
        }
        logStats();
        // At the bound, hand out nothing until Kafka confirms some: what is handed out and unacknowledged is
        // what a crash delivers twice. The broker's window then fills and it holds the rest back.
        int room = tracker.awaitBelow(config.maxUnacknowledged(), config.pollTimeoutMs());
        if (room == 0 || !listener.awaitConnected(config.pollTimeoutMs())) {
            return null;
        }
        List<InboundMessage> messages = buffer.take(Math.min(room, config.pollMaxRecords()), config.pollTimeoutMs());
        if (messages.isEmpty()) {
            return null;
        }
        List<SourceRecord> records = new ArrayList<>(messages.size());
        for (InboundMessage m : messages) {
            AckTracker.Ticket ticket = tracker.track(m);
            if (skipRetained && m.retain()) {
                dropped.increment();
                tracker.done(ticket);
                continue;
            }
            try {
                records.add(mapper.toRecord(m, ticket));
            } catch (BadPayloadException e) {
                badPayloads.increment();
                handleBadPayload(m, ticket, e, records);
            }
        }
        polled.add(records.size());
        return records.isEmpty() ? null : records;
    }

    private void handleBadPayload(InboundMessage m, AckTracker.Ticket ticket, BadPayloadException e,
                                  List<SourceRecord> records) {
        switch (config.errorsAction()) {
            case ERROR_TOPIC:
                records.add(mapper.errorRecord(m, ticket, e));
                break;
            case DROP:
                dropped.increment();
                log.warn("Dropped a bad payload from MQTT topic {} (message {}): {}", m.topic(), m.id(), e.getMessage());
                tracker.done(ticket);
                break;
            default:
                // Nothing of this batch is acknowledged: the broker delivers it again after a restart.
                throw new ConnectException("Bad payload from MQTT topic " + m.topic() + " (message " + m.id() + "): "
                        + e.getMessage() + ". Set mqtt.errors.action=error-topic to route such messages to "
                        + mapper.errorTopic() + " instead of stopping.", e);
        }
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (record instanceof TrackedRecord) {
            tracker.done(((TrackedRecord) record).ticket());
        }
    }

    @Override
    public void stop() {
        if (buffer != null) {
            buffer.close();
        }
        if (session != null) {
            session.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    /** Which filters the task reads, and how: plainly, or as a member of a share group. */
    private String describeSubscriptions(TaskAssignment assignment) {
        boolean shared = assignment.filters().stream().anyMatch(TopicFilters::isShared);
        return shared ? "shared subscription to " + assignment.filters() + " (mqtt.shared.subscription.enabled=true: "
                + "the broker spreads these filters' messages over the connector's tasks)"
                : "plain subscription to " + assignment.filters() + " (a persistent session the broker keeps for this "
                + "task alone" + (config.sharedSubscriptions() ? ", as a single task needs no share group)"
                : "; shared subscriptions are off, so the filters are split over the tasks)");
    }

    private void logStats() {
        long now = System.currentTimeMillis();
        if (now < nextStatsLog) {
            return;
        }
        nextStatsLog = now + STATS_LOG_INTERVAL_MS;
        log.info("MQTT client {}: {}, {} records polled, {} acknowledged, {} in flight, {} buffered, {} bad payloads",
                session.clientId(), session.isConnected() ? "connected" : "NOT connected", polled.sum(),
                tracker.acknowledged(), tracker.pending(), buffer.size(), badPayloads.sum());
    }
}
