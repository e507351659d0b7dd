package io.tributary.connect.jdbc;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.flow.UnacknowledgedRecords;
import io.tributary.connect.common.retry.Backoff;
import io.tributary.connect.jdbc.JdbcSourceConfig.OpenTransactionBound;
import io.tributary.connect.jdbc.connection.PooledDataSource;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.dialect.Dialect;
import io.tributary.connect.jdbc.dialect.Dialects;
import io.tributary.connect.jdbc.source.ReadPlan;
import io.tributary.connect.jdbc.source.ReadPlanner;
import io.tributary.connect.jdbc.source.TableAssignment;
import io.tributary.connect.jdbc.source.TableOffset;
import io.tributary.connect.jdbc.source.TableReader;
import io.tributary.connect.jdbc.types.ReadOptions;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads its tables (or the query) in turn: each poll hands over the next due table's next records.
 * A database that cannot be reached is retried with backoff from the offsets of the records already
 * handed over, so nothing is skipped; a table dropped meanwhile is left out until the connector,
 * which lists tables again, reassigns the tasks.
 */
public final class JdbcSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(JdbcSourceTask.class);
    /** Longest sleep inside one poll when nothing is due, so stop() is answered promptly. */
    private static final long MAX_IDLE_MS = 1000;

    private JdbcSourceConfig config;
    private Dialect dialect;
    private PooledDataSource dataSource;
    private String connector;
    private List<TableId> unplanned = new ArrayList<>();
    private final List<TableReader> readers = new ArrayList<>();
    private int next;
    private Backoff backoff;
    private int failures;
    private final Object idle = new Object();
    private final UnacknowledgedRecords unacknowledged = new UnacknowledgedRecords();
    private volatile boolean stopping;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JdbcSourceConfig(props);
        dialect = Dialects.find(config.connection().dialectName(), config.connection().url());
        connector = props.getOrDefault("name", "jdbc-source");
        TableAssignment assignment = TableAssignment.of(props);
        dataSource = new PooledDataSource(dialect, config.connection(), Dialect.READER_SESSION_PREFIX + connector + "-"
                + assignment.task());
        backoff = config.retries().backoff();
        if (config.query() != null) {
            addReader(new ReadPlanner(config, dialect).queryPlan(connector));
        } else {
            unplanned = new ArrayList<>(assignment.tables());
        }
        log.info("JDBC source task {} of {} reads {} in {} mode", assignment.task(), connector,
                config.query() != null ? "its query" : assignment.tables(), config.mode().configValue());
    }

    private void addReader(ReadPlan plan) {
        Map<String, Object> stored = context.offsetStorageReader().offset(plan.partition());
        TableReader reader = new TableReader(plan, TableOffset.fromMap(stored), dialect, new TableReader.Settings(
                new ReadOptions(config.numericMapping(), config.dbTimeZone()), config.unmappedColumnAction(),
                config.chunkRows(), config.fetchSize(), config.pollIntervalMs(), config.timestampDelayMs(),
                config.openTransactionBound() == OpenTransactionBound.AUTO, config.incrementingInitial(),
                config.timestampInitial(), TableReader.HELD_WARNING_MS));
        readers.add(reader);
        log.info("Reading the {} into {} from {}", plan.describe(), plan.topic(),
                stored == null || stored.isEmpty() ? "the start" : "offset " + stored);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        // At the bound, read nothing until Kafka acknowledges some: each unacknowledged record holds its row.
        int room = unacknowledged.awaitBelow(config.maxUnacknowledged(), MAX_IDLE_MS);
        if (room == 0 || stopping) {
            return null;
        }
        try {
            planTables();
            long now = System.currentTimeMillis();
            for (int i = 0; i < readers.size() && !stopping; i++) {
                TableReader reader = readers.get((next + i) % readers.size());
                if (!reader.due(now)) {
                    continue;
                }
                List<SourceRecord> records;
                try {
                    records = reader.read(dataSource::connection, Math.min(room, config.batchMaxRows()), now);
                } catch (SQLException e) {
                    if (!dialect.isTransient(e) && dropped(reader)) {
                        continue;
                    }
                    throw e;
                }
                failures = 0;
                if (!records.isEmpty()) {
                    // A reader whose query is still open keeps its turn: the query holds one of the pool's
                    // connections (the pool has one by default) until it is read through, which a chunk bounds.
                    // Then the next poll starts at the next table, so one large table does not starve the others.
                    next = (next + i + (reader.queryOpen() ? 0 : 1)) % readers.size();
                    commitTransaction(records);
                    unacknowledged.handedOut(records.size());
                    return records;
                }
            }
            sleepUntilDue();
            return null;
        } catch (SQLException e) {
            return failed(e);
        }
    }

    /** Plans the assigned tables not yet planned (a database down at start is met here, and retried). */
    private void planTables() throws SQLException {
        if (unplanned.isEmpty()) {
            return;
        }
        ReadPlanner planner = new ReadPlanner(config, dialect);
        try (Connection conn = dataSource.connection()) {
            for (TableId table : new ArrayList<>(unplanned)) {
                ReadPlanner.Outcome outcome = planner.plan(conn, table);
                if (outcome.plan() != null) {
                    addReader(outcome.plan());
                } else {
                    // The connector reported it when it listed the tables; it was dropped or changed since.
                    log.warn("Not reading {}: {}", table, outcome.problem());
                }
                unplanned.remove(table);
            }
            conn.rollback();
        }
    }

    /**
     * True when the reader's table is gone (dropped, renamed): the reader is let go, and the connector, which
     * lists the tables again, reassigns the tasks without it. A read that failed for another reason is not.
     */
    private boolean dropped(TableReader reader) throws SQLException {
        ReadPlan plan = reader.plan();
        if (plan.table() == null) {
            return false;
        }
        try (Connection conn = dataSource.connection()) {
            ReadPlanner.Outcome outcome = new ReadPlanner(config, dialect).plan(conn, plan.table());
            conn.rollback();
            if (outcome.plan() != null) {
                return false;
            }
            log.warn("Stopped reading the {}: {}; the connector reassigns the tasks when it lists the tables again",
                    plan.describe(), outcome.problem());
        }
        reader.close();
        readers.remove(reader);
        next = 0;
        return true;
    }

    /** With exactly-once delivery and connector-defined boundaries, each poll's records are one transaction. */
    private void commitTransaction(List<SourceRecord> records) {
        if (context.transactionContext() != null) {
            context.transactionContext().commitTransaction(records.get(records.size() - 1));
        }
    }

    private void sleepUntilDue() throws InterruptedException {
        long earliest = Long.MAX_VALUE;
        for (TableReader r : readers) {
            earliest = Math.min(earliest, r.dueAtMs());
        }
        long wait = Math.min(MAX_IDLE_MS, Math.max(1, earliest - System.currentTimeMillis()));
        synchronized (idle) {
            if (!stopping) {
                idle.wait(wait);
            }
        }
    }

    /**
     * A failure: transient ones (connection lost, database restarting) are retried with backoff, up to
     * max.retries in a row, reading again from the last record handed over; others fail the task,
     * saying what to fix.
     */
    private List<SourceRecord> failed(SQLException e) throws InterruptedException {
        if (stopping) {
            return null;
        }
        if (!dialect.isTransient(e)) {
            throw new ConnectException("Reading failed: " + e.getMessage() + " (SQL state " + e.getSQLState() + ")", e);
        }
        if (failures >= config.retries().maxRetries()) {
            throw new ConnectException("Reading failed " + (failures + 1) + " times in a row (max.retries=" + config.retries().maxRetries()
                    + "); last: " + e.getMessage(), e);
        }
        long delay = backoff.delayMs(failures);
        failures++;
        log.warn("Reading failed ({}), attempt {} of {}; retrying in {} ms from the last offset handed over",
                e.getMessage(), failures, config.retries().maxRetries(), delay);
        synchronized (idle) {
            if (!stopping) {
                idle.wait(Math.max(1, delay));
            }
        }
        return null;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        unacknowledged.acknowledged();
    }

    @Override
    public void stop() {
        stopping = true;
        unacknowledged.wakeUp();
        synchronized (idle) {
            idle.notifyAll();
        }
        for (TableReader r : new ArrayList<>(readers)) {
            try {
                r.close();
            } catch (RuntimeException e) {
                log.debug("closing a reader: {}", e.toString());
            }
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
