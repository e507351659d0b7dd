package io.tributary.connect.jdbc;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.config.TaskConfigKeys;
import io.tributary.connect.common.errors.ErrantRecords;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.common.retry.Backoff;
import io.tributary.connect.jdbc.JdbcSinkConfig.InsertMode;
import io.tributary.connect.jdbc.JdbcSinkConfig.PkMode;
import io.tributary.connect.jdbc.connection.PooledDataSource;
import io.tributary.connect.jdbc.dialect.Dialect;
import io.tributary.connect.jdbc.dialect.Dialects;
import io.tributary.connect.jdbc.sink.FlushPolicy;
import io.tributary.connect.jdbc.sink.JdbcSinkMetrics;
import io.tributary.connect.jdbc.sink.JdbcSinkWriter;
import io.tributary.connect.jdbc.sink.RowExtractor;
import io.tributary.connect.jdbc.sink.TableManager;
import io.tributary.connect.jdbc.sink.TableRouter;
import io.tributary.connect.jdbc.sink.TransientWriteException;
import io.tributary.connect.jdbc.sink.WriterFactory;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Thin: buffers what {@code put} gets, writes when {@link FlushPolicy} says so (a full batch, the
 * consumer caught up, {@code batch.max.wait.ms} passed) or when the worker commits offsets; returns
 * from {@code preCommit} only offsets the database holds.
 */
public final class JdbcSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(JdbcSinkTask.class);

    private JdbcSinkConfig config;
    private JdbcSinkWriter writer;
    private Backoff backoff;
    private int failedAttempts;
    private boolean retryPending;
    private FlushPolicy flushPolicy;
    private TaskMetrics taskMetrics;
    private JdbcSinkMetrics metrics;
    /** A failure met during preCommit, where the worker would only log it; put() fails the task with it. */
    private ConnectException fatal;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JdbcSinkConfig(props);
        Dialect dialect = Dialects.find(config.connection().dialectName(), config.connection().url());
        String connector = props.getOrDefault("name", "connector");
        String taskId = TaskConfigKeys.of(props);
        String poolName = "tributary-jdbc-sink-" + connector + "-" + taskId;
        taskMetrics = new TaskMetrics(JdbcSinkMetrics.TYPE, connector, taskId);
        metrics = new JdbcSinkMetrics(taskMetrics);
        PooledDataSource dataSource = new PooledDataSource(dialect, config.connection(), poolName);
        ErrantRecords errant = ErrantRecords.from(context);
        boolean tolerate = config.toleratesErrors();
        JdbcSinkWriter.BadRecordHandler badRecords = (record, cause) -> {
            if (!tolerate) {
                throw new ConnectException(cause.getMessage() + " (record " + ErrantRecords.describe(record)
                        + "; set errors.tolerance=all with errors.deadletterqueue.topic.name to route such records "
                        + "to a dead letter queue instead of failing)", cause);
            }
            log.warn("Sending record {} to error handling: {}", ErrantRecords.describe(record), cause.getMessage());
            errant.report(record, cause);
            metrics.recordErrored();
        };
        boolean deduplicate = config.insertMode() != InsertMode.INSERT || config.deleteEnabled();
        // Insert mode that does not skip taken keys by itself (pk.mode=kafka does) tells a re-delivery from a clash.
        boolean recogniseRedeliveries = config.insertMode() == InsertMode.INSERT && config.pkMode() != PkMode.KAFKA;
        writer = new JdbcSinkWriter(dialect, dataSource,
                new TableRouter(config.tableNameFormat(), config.tableNameMapping(), dialect), new RowExtractor(config),
                new TableManager(dialect, config.autoCreate(), config.autoEvolve(), config.tableNameSource()),
                WriterFactory.create(config, dialect, metrics), deduplicate, recogniseRedeliveries, config.timeZone(),
                badRecords, metrics);
        taskMetrics.gauge("rows-buffered", "Rows buffered for the next write (records folded by key count once)",
                writer::buffered);
        taskMetrics.gauge("oldest-buffered-age-ms", "How long the oldest buffered row has waited, in milliseconds",
                writer::oldestBufferedAgeMs);
        taskMetrics.register();
        backoff = config.retries().backoff();
        flushPolicy = new FlushPolicy(config.batchSize(), config.batchMaxWaitMs(), config.consumerMaxPollRecords());
        log.info("JDBC sink task started: dialect {}, insert.mode {}, pk.mode {}, batch.size {}", dialect.name(),
                config.insertMode(), config.pkMode(), config.batchSize());
        if (config.pkMode() == PkMode.NONE && config.insertMode() == InsertMode.INSERT) {
            log.info("insert.mode=insert with pk.mode=none: a restart may write re-delivered records twice; "
                    + "use pk.mode=kafka or upsert for exactly-once rows");
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (fatal != null) {
            throw fatal;
        }
        writer.buffer(records);
        if (writer.buffered() == 0 && !retryPending) {
            return;
        }
        if (retryPending || flushPolicy.writeNow(writer.buffered(), writer.oldestBufferedAgeMs(), records,
                System.currentTimeMillis())) {
            flushOrRetry();
        } else {
            // The rows wait for a fuller batch; should no record come, the worker's next poll still returns
            // (and calls put) by the time batch.max.wait.ms is up, rather than at its next offset commit.
            context.timeout(flushPolicy.pollTimeoutMs(writer.oldestBufferedAgeMs()));
        }
    }

    private void flushOrRetry() {
        try {
            writer.flush();
            failedAttempts = 0;
            retryPending = false;
        } catch (TransientWriteException e) {
            failedAttempts++;
            retryPending = true;
            if (failedAttempts > config.retries().maxRetries()) {
                throw new ConnectException("Giving up after " + config.retries().maxRetries() + " retries (max.retries): "
                        + e.getMessage(), e);
            }
            metrics.writeRetried();
            long wait = backoff.delayMs(failedAttempts - 1);
            log.warn("Write failed ({}); attempt {} of {}, retrying in {} ms with the buffered rows kept",
                    e.getMessage(), failedAttempts, config.retries().maxRetries(), wait);
            context.timeout(wait);
            throw new RetriableException(e.getMessage(), e);
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (!retryPending && fatal == null) {
            try {
                writer.flush();
                failedAttempts = 0;
            } catch (TransientWriteException e) {
                // The next put retries with backoff; commit only what is already written.
                failedAttempts++;
                retryPending = true;
                metrics.writeRetried();
                log.warn("Write at offset commit failed ({}); committing only written offsets", e.getMessage());
            } catch (ConnectException e) {
                fatal = e;
                log.error("Write at offset commit failed; the task fails at its next put", e);
            }
        }
        Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();
        writer.committableOffsets(currentOffsets.keySet()).forEach((tp, next) -> safe.put(tp, new OffsetAndMetadata(next)));
        return safe;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (writer != null) {
            writer.dropPartitions(partitions);
        }
    }

    @Override
    public void stop() {
        if (writer != null) {
            writer.close();
        }
        if (taskMetrics != null) {
            taskMetrics.close();
        }
    }
}
