package io.tributary.connect.common.errors;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where a sink record came from in Kafka. Offsets must be committed against the original
 * topic-partition even when an SMT renamed the topic; workers before 3.6 lack the original
 * accessors, so they are called behind a guard.
 */
public final class SinkRecordOrigin {
    private static volatile boolean originalAccessorsAvailable = true;

    private SinkRecordOrigin() {
    }

    public static String topic(SinkRecord record) {
        if (originalAccessorsAvailable) {
            try {
                return record.originalTopic();
            } catch (NoSuchMethodError e) {
                originalAccessorsAvailable = false;
            }
        }
        return record.topic();
    }

    public static int partition(SinkRecord record) {
        if (originalAccessorsAvailable) {
            try {
                return record.originalKafkaPartition();
            } catch (NoSuchMethodError e) {
                originalAccessorsAvailable = false;
            }
        }
        return record.kafkaPartition();
    }

    public static long offset(SinkRecord record) {
        if (originalAccessorsAvailable) {
            try {
                return record.originalKafkaOffset();
            } catch (NoSuchMethodError e) {
                originalAccessorsAvailable = false;
            }
        }
        return record.kafkaOffset();
    }

    public static TopicPartition topicPartition(SinkRecord record) {
        return new TopicPartition(topic(record), partition(record));
    }
}
