package io.tributary.connect.jdbc.sink;

import io.tributary.connect.common.metrics.TaskMetrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a JDBC sink task did, over JMX as
 * {@code io.tributary.connect:type=jdbc-sink-task,connector=<name>,task=<id>}: rows written,
 * records handed to error handling or skipped as re-deliveries, transactions, retries, bisections, time
 * spent writing, and which write path each batch took (binary or CSV COPY, staged merge, multi-row
 * statement, statement batch), so an operator can see why a sink is slower than expected.
 */
public final class JdbcSinkMetrics {
    public static final String TYPE = "jdbc-sink-task";

    final LongAdder rowsWritten;
    final LongAdder transactions;
    final LongAdder recordsErrored;
    final LongAdder redeliveriesSkipped;
    final LongAdder recordsAlreadyWritten;
    final LongAdder writeRetries;
    final LongAdder bisections;
    final LongAdder writeTimeMs;
    final LongAdder copyBinary;
    final LongAdder copyCsv;
    final LongAdder stagedMerges;
    final LongAdder multiRowStatements;
    final LongAdder statementBatches;

    /** Defines the counters on {@code metrics}, which the caller registers once its gauges are added too. */
    public JdbcSinkMetrics(TaskMetrics metrics) {
        rowsWritten = metrics.counter("rows-written", "Rows (inserts, upserts, updates, deletes) the "
                + "database committed; records that a batch folded into one row by key count once");
        transactions = metrics.counter("transactions", "Transactions committed");
        recordsErrored = metrics.counter("records-errored",
                "Records that could not be written and went to Connect's error handling (dead letter queue or log)");
        redeliveriesSkipped = metrics.counter("redeliveries-skipped",
                "Records the worker delivered again after a retried put, skipped because they were already taken");
        recordsAlreadyWritten = metrics.counter("records-already-written", "Records refused for a taken key (insert "
                + "mode) whose very row the table already held, skipped as re-deliveries: written before a failed or "
                + "stopped task could commit their offsets");
        writeRetries = metrics.counter("write-retries", "Writes that failed for a transient reason (connection "
                + "lost, database down): the rows stay buffered and are written again after a backoff");
        bisections = metrics.counter("bisections",
                "Batches the database refused, split in two to isolate the record it refused");
        writeTimeMs = metrics.counter("write-time-ms", "Milliseconds spent writing buffered rows, in total");
        copyBinary = metrics.counter("copy-binary-streams", "PostgreSQL COPY streams in binary format");
        copyCsv = metrics.counter("copy-csv-streams",
                "PostgreSQL COPY streams in CSV format (a column or value had no plain binary form)");
        stagedMerges = metrics.counter("staged-merges",
                "PostgreSQL upserts merged from a staging table (keys that existed, or were expected to)");
        multiRowStatements = metrics.counter("multi-row-statements", "Multi-row INSERT statements executed");
        statementBatches = metrics.counter("statement-batches",
                "JDBC statement batches executed (updates, deletes, and inserts where no faster path applies)");
    }

    public void writeRetried() {
        writeRetries.increment();
    }

    public void recordErrored() {
        recordsErrored.increment();
    }
}
