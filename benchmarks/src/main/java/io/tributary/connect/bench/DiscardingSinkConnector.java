package io.tributary.connect.bench;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sink that drops what it gets, counting it: what Connect itself spends per record (consumer, converters,
 * the worker's per-record work) with a sink's converters, the floor under any sink connector's CPU. It
 * lives on the benchmark's classpath, where the workers find it beside plugin.path.
 */
public final class DiscardingSinkConnector extends SinkConnector {
    /** Records put so far, and when the first and the latest came, per connector name. */
    static final class Count {
        final AtomicLong records = new AtomicLong();
        volatile long firstNanos;
        volatile long firstRecords;
        volatile long lastNanos;
    }

    static final Map<String, Count> COUNTS = new ConcurrentHashMap<>();

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DiscardingSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "bench";
    }

    /** Counts and drops. */
    public static final class DiscardingSinkTask extends SinkTask {
        private Count count;

        @Override
        public String version() {
            return "bench";
        }

        @Override
        public void start(Map<String, String> props) {
            count = COUNTS.computeIfAbsent(props.get("name"), n -> new Count());
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            if (records.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            synchronized (count) {
                if (count.firstNanos == 0) {
                    count.firstNanos = now;
                    count.firstRecords = records.size();
                }
            }
            count.records.addAndGet(records.size());
            count.lastNanos = now;
        }

        @Override
        public void stop() {
        }
    }
}
