package io.tributary.connect.http.sink;

import io.tributary.connect.http.client.RequestOutcome;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.List;

/**
 * Tells a Kafka topic what became of each record's request (Confluent's reporter, for users who act on the
 * endpoint's answers): delivered ones to a result topic, failed ones to an error topic.
 */
public interface ResponseReporter extends AutoCloseable {
    ResponseReporter NONE = new ResponseReporter() {
        @Override
        public void delivered(List<SinkRecord> records, RequestOutcome outcome) {
        }

        @Override
        public void failed(List<SinkRecord> records, RequestOutcome outcome) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** True when delivered requests' answers are reported, so their bodies must be read. */
    default boolean needsSuccessBodies() {
        return false;
    }

    void delivered(List<SinkRecord> records, RequestOutcome outcome);

    void failed(List<SinkRecord> records, RequestOutcome outcome);

    /** Waits until every report so far is in Kafka: called before offsets are committed. */
    void flush();

    @Override
    void close();
}
