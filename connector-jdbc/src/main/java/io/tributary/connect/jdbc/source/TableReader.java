package io.tributary.connect.jdbc.source;

import io.tributary.connect.jdbc.JdbcSourceConfig.Mode;
import io.tributary.connect.jdbc.JdbcSourceConfig.UnmappedColumn;
import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.dialect.Dialect;
import io.tributary.connect.jdbc.types.ReadOptions;
import io.tributary.connect.jdbc.types.StandardColumnReaders;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one table (or the query) in its mode, from its offset, a bounded number of records per call:
 * a query's result streams with the fetch size across calls and is closed, its transaction ended,
 * when it is read through. Each record carries the offset that resumes right after it, except in
 * timestamp mode, where rows of one timestamp have no order among them: there a record carries the
 * previous timestamp until the last row of its timestamp, so a restart reads that timestamp's rows
 * again rather than skip the rest of them. Bulk mode reads a table with an integer or text primary
 * key in chunks in key order, each record carrying its key, so a restart finishes the pass rather
 * than start it over.
 */
public final class TableReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TableReader.class);
    /** Before any row: older than any timestamp the databases here hold. */
    private static final Instant BEFORE_ALL = Instant.parse("1000-01-01T00:00:00Z");
    public static final String HEADER_TABLE = "jdbc.table";
    public static final String HEADER_DATABASE = "jdbc.database";
    /** How soon to ask again when the database's list of open transactions was stale. */
    private static final long STALE_RETRY_MS = 150;
    /** How long an open transaction may hold reads back before a task's reader says so. */
    public static final long HELD_WARNING_MS = 60_000;

    /** Opens connections; the reader holds one only while a query's result is open. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    /**
     * What the reader takes from the config; {@code heldWarningMs}: how long an open transaction may hold
     * reads back before the reader warns (a minute in a task).
     */
    public record Settings(ReadOptions read, UnmappedColumn unmapped, int chunkRows, int fetchSize, long pollIntervalMs,
                           long timestampDelayMs, boolean boundByTransactions, long incrementingInitial,
                           Long timestampInitial, long heldWarningMs) {
    }

    private final ReadPlan plan;
    private final Dialect dialect;
    private final Settings settings;
    private final TransactionHorizon horizon;
    private final IncrementingSamples samples = new IncrementingSamples();
    private TableOffset offset;
    private long dueAtMs;
    /** The last attempt found the database's list of open transactions older than the attempt. */
    private boolean staleHorizon;
    private long staleSinceMs;
    private int staleRetries;
    private boolean staleWarned;
    private long lastHeldWarningMs;

    private Connection conn;
    private Statement statement;
    private ResultSet rs;
    private RowConverter converter;
    private String database;
    private boolean limited;
    private int rowsThisQuery;
    private int incrementingIndex;
    private List<Integer> timestampIndexes;
    /** Bulk mode read in key order: the key columns' indexes in the result; empty otherwise. */
    private List<Integer> chunkKeyIndexes = List.of();
    /** Timestamp mode: the row read but not yet handed out, and the last timestamp all of whose rows were handed out. */
    private Pending held;
    private Instant completedTimestamp;
    /** The first timestamp column's type, read once: bound parameters must match it (with or without a zone). */
    private ColumnDef timestampColumn;

    private record Pending(Struct value, Instant timestamp) {
    }

    public TableReader(ReadPlan plan, TableOffset start, Dialect dialect, Settings settings) {
        this.plan = plan;
        this.dialect = dialect;
        this.settings = settings;
        this.offset = start == null ? TableOffset.START : start;
        this.completedTimestamp = this.offset.timestamp();
        this.horizon = new TransactionHorizon(dialect, settings.read().timeZone(), plan.describe());
    }

    public ReadPlan plan() {
        return plan;
    }

    /** The offset after the last record handed out. */
    public TableOffset offset() {
        return offset;
    }

    /** True when a query is open or the next one is due. */
    public boolean due(long nowMs) {
        return rs != null || nowMs >= dueAtMs;
    }

    /** True while a query's result is open: it holds a connection until it is read through. */
    public boolean queryOpen() {
        return rs != null;
    }

    /** When the next query is due (epoch ms), for a task that has nothing due to sleep until. */
    public long dueAtMs() {
        return rs != null ? 0 : dueAtMs;
    }

    /**
     * Up to {@code max} records; empty when nothing new is there or the next read is not due. A failure
     * closes the query and connection (rolled back) and is thrown; the next call starts again from the
     * offset after the last record handed out.
     */
    public List<SourceRecord> read(Connections connections, int max, long nowMs) throws SQLException {
        List<SourceRecord> out = new ArrayList<>();
        if (!due(nowMs)) {
            return out;
        }
        try {
            if (rs == null && !open(connections)) {
                dueAtMs = nowMs + (staleHorizon ? staleRetryMs(nowMs) : settings.pollIntervalMs());
                return out;
            }
            while (out.size() < max) {
                if (!rs.next()) {
                    finishQuery(out, nowMs);
                    return out;
                }
                rowsThisQuery++;
                Struct value = converter.value(rs);
                switch (plan.mode()) {
                    case BULK -> {
                        if (chunkKeyIndexes.isEmpty()) {
                            out.add(record(value, null));
                        } else {
                            offset = TableOffset.bulkAfter(chunkKey());
                            out.add(record(value, offset));
                        }
                    }
                    case INCREMENTING -> {
                        long inc = incrementing();
                        offset = new TableOffset(inc, null);
                        out.add(record(value, offset));
                    }
                    case TIMESTAMP_INCREMENTING -> {
                        Instant ts = timestamp();
                        long inc = incrementing();
                        offset = new TableOffset(inc, ts);
                        out.add(record(value, offset));
                    }
                    case TIMESTAMP -> {
                        Instant ts = timestamp();
                        if (held != null) {
                            // The held row was its timestamp's last when this one is later.
                            if (ts.isAfter(held.timestamp())) {
                                completedTimestamp = held.timestamp();
                            }
                            offset = new TableOffset(null, completedTimestamp);
                            out.add(record(held.value(), offset));
                        }
                        held = new Pending(value, ts);
                    }
                    default -> throw new IllegalStateException(plan.mode().toString());
                }
            }
            return out;
        } catch (SQLException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    /** The result is read through: the held row (timestamp mode) was its timestamp's last; the query ends. */
    private void finishQuery(List<SourceRecord> out, long nowMs) throws SQLException {
        if (held != null) {
            completedTimestamp = held.timestamp();
            offset = new TableOffset(null, completedTimestamp);
            out.add(record(held.value(), offset));
            held = null;
        }
        boolean more = limited && rowsThisQuery >= settings.chunkRows();
        if (plan.mode() == Mode.BULK && !more) {
            // The pass is done; the next starts from the first key. Its last record's offset stays stored, so a
            // restart before the next pass finds nothing after it and waits for the next one.
            offset = TableOffset.START;
        }
        closeQuery(true);
        dueAtMs = more ? nowMs : nowMs + settings.pollIntervalMs();
    }

    /**
     * How long to wait before asking for a fresh list of open transactions: from 150 ms, doubling with jitter
     * up to 5 s, so that many readers asking the same server do not keep its cached list from being refreshed;
     * a warning once it has been stale for a minute. Reading waits meanwhile: a stale list could hide a
     * transaction, so it is never used.
     */
    private long staleRetryMs(long nowMs) {
        if (staleSinceMs == 0) {
            staleSinceMs = nowMs;
        }
        long ceiling = Math.min(5000, STALE_RETRY_MS << Math.min(staleRetries++, 6));
        if (nowMs - staleSinceMs > 60_000 && !staleWarned) {
            staleWarned = true;
            log.warn("{}: the database's list of open transactions has been older than each read for {} s, so reading "
                    + "waits; MariaDB refreshes information_schema.innodb_trx only when it is not read for 100 ms",
                    plan.describe(), (nowMs - staleSinceMs) / 1000);
        }
        return ceiling / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    /** Starts the next query; false when the bound leaves nothing to read yet. */
    private boolean open(Connections connections) throws SQLException {
        conn = connections.open();
        Instant tsBelow = null;
        Long incAtMost = null;
        Mode mode = plan.mode();
        if (mode != Mode.BULK) {
            Long max = null;
            String begin = settings.boundByTransactions() ? dialect.beginReadStatement() : null;
            if (begin != null) {
                try (Statement st = conn.createStatement()) {
                    st.execute(begin);
                }
            }
            if (mode == Mode.INCREMENTING && settings.boundByTransactions()) {
                max = maxIncrementing();
            }
            TransactionHorizon.Reading clock = horizon.read(conn);
            staleHorizon = settings.boundByTransactions() && !clock.fresh();
            if (!staleHorizon) {
                staleSinceMs = 0;
                staleRetries = 0;
                staleWarned = false;
            }
            if (staleHorizon) {
                // The database's list of open transactions predates this read; ask again shortly.
                closeQuery(true);
                return false;
            }
            Instant oldest = settings.boundByTransactions() ? clock.oldestOpen() : null;
            warnIfHeldLong(oldest, clock.now());
            // A transaction younger than the lag may not show yet: what it writes is above now - lag.
            long lag = settings.boundByTransactions() && horizon.usable(conn) ? dialect.openTransactionsLagMs() : 0;
            if (mode.usesTimestamp()) {
                tsBelow = clock.now().minusMillis(settings.timestampDelayMs() + lag);
                if (oldest != null && oldest.isBefore(tsBelow)) {
                    tsBelow = oldest;
                }
            }
            if (mode == Mode.INCREMENTING && settings.boundByTransactions() && horizon.usable(conn)) {
                if (max != null) {
                    samples.add(clock.now(), max);
                }
                Instant limit = clock.now().minusMillis(lag);
                if (oldest != null && oldest.isBefore(limit)) {
                    limit = oldest;
                }
                incAtMost = oldest == null && lag == 0 ? max : samples.safeBelow(limit);
                long from = offset.incrementing() != null ? offset.incrementing() : settings.incrementingInitial();
                if (incAtMost == null || incAtMost <= from) {
                    if (oldest != null && max != null && max > from) {
                        log.debug("{}: waiting for the transaction open since {} before reading past {}", plan.describe(),
                                oldest, from);
                    }
                    closeQuery(true);
                    return false;
                }
            }
        }
        boolean bulkChunks = mode == Mode.BULK && !plan.chunkKey().isEmpty();
        if (bulkChunks && !offset.bulkKey().isEmpty() && !offset.bulkKey().keySet().equals(Set.copyOf(plan.chunkKey()))) {
            // The primary key changed since the offset was written (or a hand-made offset names other columns).
            log.warn("{}: the stored offset {} does not name the primary key {}; the pass starts from the first row",
                    plan.describe(), offset.toMap(), plan.chunkKey());
            offset = TableOffset.START;
        }
        SourceQuery query = bulkChunks
                ? SourceQuery.bulkChunk(dialect, plan.from(), plan.chunkKey(), !offset.bulkKey().isEmpty(), settings.chunkRows())
                : SourceQuery.of(dialect, mode, plan.from(), plan.incrementing(), plan.timestamps(), tsBelow != null,
                        incAtMost != null, settings.chunkRows());
        PreparedStatement ps = conn.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement = ps;
        ps.setFetchSize(settings.fetchSize());
        int p = 1;
        if (bulkChunks && !offset.bulkKey().isEmpty()) {
            List<Object> after = new ArrayList<>();
            for (String column : plan.chunkKey()) {
                after.add(offset.bulkKey().get(column));
            }
            for (Object v : SourceQuery.bulkChunkParameters(after)) {
                ps.setObject(p++, v);
            }
        }
        ColumnDef tsColumn = null;
        if (mode.usesTimestamp()) {
            tsColumn = timestampColumnDef();
            Instant from = offset.timestamp() != null ? offset.timestamp() : initialTimestamp(tsBelow);
            ps.setObject(p++, bindable(from, tsColumn));
            if (mode == Mode.TIMESTAMP_INCREMENTING) {
                ps.setObject(p++, bindable(from, tsColumn));
                ps.setLong(p++, offset.incrementing() != null ? offset.incrementing() : settings.incrementingInitial());
            }
        } else if (mode == Mode.INCREMENTING) {
            ps.setLong(p++, offset.incrementing() != null ? offset.incrementing() : settings.incrementingInitial());
        }
        if (tsBelow != null) {
            ps.setObject(p++, bindable(tsBelow, tsColumn));
        }
        if (incAtMost != null) {
            ps.setLong(p++, incAtMost);
        }
        rs = ps.executeQuery();
        limited = query.limited();
        rowsThisQuery = 0;
        converter = new RowConverter(conn, rs.getMetaData(), dialect, settings.read(), settings.unmapped(), plan);
        incrementingIndex = plan.incrementing() == null ? -1 : requireColumn(plan.incrementing());
        timestampIndexes = plan.timestamps().stream().map(this::requireColumn).toList();
        chunkKeyIndexes = bulkChunks ? plan.chunkKey().stream().map(this::requireColumn).toList() : List.of();
        if (database == null) {
            database = conn.getCatalog();
        }
        return true;
    }

    private Instant initialTimestamp(Instant now) {
        Long initial = settings.timestampInitial();
        if (initial == null) {
            return BEFORE_ALL;
        }
        if (initial == -1L) {
            // "From now on": the first read's clock becomes the offset, so a restart does not move it.
            Instant start = now == null ? Instant.now() : now;
            offset = new TableOffset(offset.incrementing(), start);
            completedTimestamp = start;
            return start;
        }
        return Instant.ofEpochMilli(initial);
    }

    /** The type of the first timestamp column, which a bound's parameter must match (with or without a zone). */
    private ColumnDef timestampColumnDef() throws SQLException {
        if (timestampColumn == null) {
            try (Statement st = conn.createStatement();
                 ResultSet r = st.executeQuery("SELECT " + dialect.quote(plan.timestamps().get(0)) + " FROM " + plan.from()
                         + " WHERE 1 = 0")) {
                timestampColumn = ColumnDef.of(r.getMetaData(), 1);
            }
        }
        return timestampColumn;
    }

    private Object bindable(Instant at, ColumnDef column) {
        return dialect.timestampParameter(at, column, settings.read().timeZone());
    }

    /**
     * A transaction open for minutes (a session left idle in a transaction, a long report) holds reads
     * back for as long: say so, every 5 minutes while it lasts, with what to do.
     */
    private void warnIfHeldLong(Instant oldest, Instant now) {
        if (oldest == null || now.toEpochMilli() - oldest.toEpochMilli() < settings.heldWarningMs()) {
            return;
        }
        long at = System.currentTimeMillis();
        if (at - lastHeldWarningMs >= 5 * 60_000L) {
            lastHeldWarningMs = at;
            log.warn("{}: reading is held below a transaction open since {} ({} s); if that session is idle in a "
                    + "transaction, end it, or set open.transactions.bound=none to read past it at the risk of missing "
                    + "the rows it commits", plan.describe(), oldest, (now.toEpochMilli() - oldest.toEpochMilli()) / 1000);
        }
    }

    private Long maxIncrementing() throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet r = st.executeQuery("SELECT MAX(" + dialect.quote(plan.incrementing()) + ") FROM " + plan.from())) {
            if (!r.next()) {
                return null;
            }
            long v = r.getLong(1);
            return r.wasNull() ? null : v;
        }
    }

    private int requireColumn(String name) {
        int index = converter.resultIndex(name);
        if (index < 0) {
            throw new ConnectException("The " + plan.describe() + " has no column " + name + " to track; check "
                    + "incrementing.column.name and timestamp.column.name");
        }
        return index;
    }

    private long incrementing() throws SQLException {
        long v = rs.getLong(incrementingIndex);
        if (rs.wasNull()) {
            throw new ConnectException("A row of the " + plan.describe() + " has no value in its incrementing column "
                    + plan.incrementing() + "; the column must be NOT NULL");
        }
        return v;
    }

    /** The current row's primary key, as a bulk pass's offset holds it: integers as long, text as string. */
    private Map<String, Object> chunkKey() throws SQLException {
        Map<String, Object> key = new LinkedHashMap<>();
        for (int i = 0; i < chunkKeyIndexes.size(); i++) {
            String column = plan.chunkKey().get(i);
            int index = chunkKeyIndexes.get(i);
            Object v = ReadPlanner.isInteger(converter.column(column)) ? (Object) rs.getLong(index) : rs.getString(index);
            key.put(column, v);
        }
        return key;
    }

    /** The first timestamp column that is not null, read in full precision. */
    private Instant timestamp() throws SQLException {
        for (int i = 0; i < timestampIndexes.size(); i++) {
            Instant t = StandardColumnReaders.instant(rs, timestampIndexes.get(i), converter.column(plan.timestamps().get(i)),
                    settings.read().timeZone());
            if (t != null) {
                return t;
            }
        }
        throw new IllegalStateException("a row of " + plan.describe() + " has no timestamp, which its query excludes");
    }

    private SourceRecord record(Struct value, TableOffset at) {
        ConnectHeaders headers = new ConnectHeaders();
        if (plan.table() != null) {
            headers.addString(HEADER_TABLE, plan.table().toString());
        }
        if (database != null) {
            headers.addString(HEADER_DATABASE, database);
        }
        Map<String, ?> offsetMap = at == null ? null : at.toMap();
        return new SourceRecord(plan.partition(), offsetMap, plan.topic(), null, converter.keySchema(), converter.key(value),
                converter.valueSchema(), value, null, headers);
    }

    private void closeQuery(boolean commit) {
        try {
            if (rs != null) {
                rs.close();
            }
            if (statement != null) {
                statement.close();
            }
            if (conn != null) {
                if (commit) {
                    conn.commit();
                } else {
                    conn.rollback();
                }
            }
        } catch (SQLException e) {
            log.debug("{}: closing a query: {}", plan.describe(), e.toString());
        } finally {
            try {
                if (conn != null) {
                    conn.close();
                }
            } catch (SQLException e) {
                log.debug("{}: returning a connection: {}", plan.describe(), e.toString());
            }
            rs = null;
            statement = null;
            conn = null;
        }
    }

    /** After a failure: the held row is read again, from the offset after the last record handed out. */
    private void abandon() {
        held = null;
        completedTimestamp = offset.timestamp();
        closeQuery(false);
    }

    @Override
    public void close() {
        abandon();
    }
}
