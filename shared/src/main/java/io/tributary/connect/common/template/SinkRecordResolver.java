package io.tributary.connect.common.template;

import io.tributary.connect.common.convert.FieldPath;
import io.tributary.connect.common.errors.SinkRecordOrigin;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.List;
import java.util.Set;

/**
 * Resolves {@code ${topic}}, {@code ${partition}}, {@code ${offset}}, {@code ${key}},
 * {@code ${value.a.b}}, {@code ${header.x}}, {@code ${timestamp}} (epoch milliseconds) and the pre-SMT {@code ${original.topic}},
 * {@code ${original.partition}} against one sink record.
 */
public final class SinkRecordResolver implements Template.Resolver {
    public static final Set<String> ROOTS = Set.of("topic", "partition", "offset", "key", "value", "header", "timestamp",
            "original");

    private final SinkRecord record;

    public SinkRecordResolver(SinkRecord record) {
        this.record = record;
    }

    @Override
    public Object resolve(String root, List<String> path) {
        switch (root) {
            case "topic":
                return record.topic();
            case "partition":
                return record.kafkaPartition();
            case "offset":
                return record.kafkaOffset();
            case "key":
                return FieldPath.get(record.key(), path);
            case "value":
                return FieldPath.get(record.value(), path);
            case "timestamp":
                return record.timestamp();
            case "header":
                if (path.isEmpty()) {
                    return null;
                }
                Header h = record.headers().lastWithName(path.get(0));
                return h == null ? null : FieldPath.get(h.value(), path.subList(1, path.size()));
            case "original":
                if (path.size() == 1 && path.get(0).equals("topic")) {
                    return SinkRecordOrigin.topic(record);
                }
                if (path.size() == 1 && path.get(0).equals("partition")) {
                    return SinkRecordOrigin.partition(record);
                }
                return null;
            default:
                return null;
        }
    }
}
