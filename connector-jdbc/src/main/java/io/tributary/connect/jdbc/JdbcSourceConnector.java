package io.tributary.connect.jdbc;

import io.tributary.connect.common.Version;
import io.tributary.connect.jdbc.JdbcSourceConfig.Mode;
import io.tributary.connect.jdbc.connection.JdbcConnectionSettings;
import io.tributary.connect.jdbc.connection.PooledDataSource;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.dialect.Dialect;
import io.tributary.connect.jdbc.dialect.Dialects;
import io.tributary.connect.jdbc.source.ReadPlan;
import io.tributary.connect.jdbc.source.ReadPlanner;
import io.tributary.connect.jdbc.source.TableAssignment;
import io.tributary.connect.jdbc.source.TableLister;
import io.tributary.connect.jdbc.source.TableOffset;
import io.tributary.connect.jdbc.source.TableSelector;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Streams table rows from PostgreSQL, MariaDB/MySQL, SQLite or any JDBC database into Kafka. Lists
 * the tables to read, deals them out over the tasks, and lists them again every
 * table.poll.interval.ms: a new or dropped table reconfigures the tasks. A table that cannot be read
 * in the mode is reported once and left out.
 */
public final class JdbcSourceConnector extends SourceConnector {
    private static final Logger log = LoggerFactory.getLogger(JdbcSourceConnector.class);

    private Map<String, String> props;
    private JdbcSourceConfig config;
    private Dialect dialect;
    private PooledDataSource dataSource;
    private ScheduledExecutorService monitor;
    private volatile List<TableId> tables = List.of();
    private final java.util.concurrent.CountDownLatch firstListing = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean gaveUpWaiting;
    private final Set<TableId> reported = new HashSet<>();

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        config = new JdbcSourceConfig(props);
        if (config.query() != null) {
            return;
        }
        dialect = Dialects.find(config.connection().dialectName(), config.connection().url());
        String name = props.getOrDefault("name", "jdbc-source");
        JdbcConnectionSettings settings = config.connection();
        dataSource = new PooledDataSource(dialect, new JdbcConnectionSettings(settings.url(), settings.user(),
                settings.password(), 1, settings.dialectName()), Dialect.READER_SESSION_PREFIX + name + "-tables");
        monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-jdbc-source-tables-" + name);
            t.setDaemon(true);
            return t;
        });
        // The first listing is waited for a few seconds at most: a database that is down must not hold the
        // worker's herder thread. The monitor keeps listing, and asks for task configs once it has tables.
        long every = config.tablePollIntervalMs();
        monitor.scheduleWithFixedDelay(this::relist, 0, every, TimeUnit.MILLISECONDS);
        try {
            if (!firstListing.await(5, TimeUnit.SECONDS)) {
                gaveUpWaiting = true;
                log.warn("Listing the tables takes long (is the database down?); the tasks start once they are listed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lists again; a change asks the worker for new task configs. */
    private void relist() {
        List<TableId> now = listOrKeep(tables);
        boolean first = firstListing.getCount() > 0;
        if (first) {
            tables = now;
            firstListing.countDown();
            if (gaveUpWaiting && !now.isEmpty()) {
                context.requestTaskReconfiguration(); // start() returned without them
            }
            return;
        }
        if (!now.equals(tables)) {
            Set<TableId> added = new HashSet<>(now);
            added.removeAll(tables);
            Set<TableId> dropped = new HashSet<>(tables);
            dropped.removeAll(now);
            log.info("Tables changed (new: {}; gone: {}); reconfiguring the tasks", added, dropped);
            tables = now;
            context.requestTaskReconfiguration();
        }
    }

    /** The readable tables now, or {@code previous} when the database cannot be asked (it is retried later). */
    private List<TableId> listOrKeep(List<TableId> previous) {
        TableLister lister = new TableLister(dialect, config.schemaPattern(), config.tableTypes(),
                new TableSelector(config.tableIncludes(), config.tableExcludes()));
        ReadPlanner planner = new ReadPlanner(config, dialect);
        try (Connection conn = dataSource.connection()) {
            List<TableId> readable = new ArrayList<>();
            for (TableId table : lister.list(conn)) {
                ReadPlanner.Outcome outcome = planner.plan(conn, table);
                if (outcome.plan() != null) {
                    readable.add(table);
                    reported.remove(table);
                } else if (reported.add(table)) {
                    log.warn("Not reading {}: {}", table, outcome.problem());
                }
            }
            conn.rollback();
            if (readable.isEmpty()) {
                log.warn("No table to read: check table.include.list, table.exclude.list, schema.pattern and table.types");
            }
            return readable;
        } catch (SQLException e) {
            log.warn("Could not list the tables ({}); trying again in {} ms", e.getMessage(), config.tablePollIntervalMs());
            return previous;
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JdbcSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (config.query() != null) {
            return List.of(new TableAssignment(0, List.of()).addTo(props));
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (TableAssignment a : TableAssignment.deal(tables, maxTasks)) {
            configs.add(a.addTo(props));
        }
        return configs;
    }

    @Override
    public void stop() {
        if (monitor != null) {
            monitor.shutdownNow();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Override
    public ConfigDef config() {
        return JdbcSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        new JdbcSourceConfigValidator(connectorConfigs, result.configValues()).validate();
        return result;
    }

    /**
     * Supported where an offset names a row exactly (incrementing, timestamp+incrementing): after a
     * restart the read resumes right after the last row committed with the records. Bulk re-reads every
     * row by design, and timestamp mode re-reads the rows of a timestamp it stopped inside.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        Mode mode = new JdbcSourceConfig(connectorConfig).mode();
        return mode == Mode.INCREMENTING || mode == Mode.TIMESTAMP_INCREMENTING
                ? ExactlyOnceSupport.SUPPORTED : ExactlyOnceSupport.UNSUPPORTED;
    }

    /** Each poll's records can be one transaction (transaction.boundary=connector). */
    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    /**
     * Checks offsets a user writes through PATCH /connectors/NAME/offsets: each partition names a table
     * ("table": "schema.table") or the query ("query": connector name), each offset holds integers under
     * the keys the mode uses. A null offset resets that table to the start.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        Mode mode = new JdbcSourceConfig(connectorConfig).mode();
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            Map<String, ?> partition = e.getKey();
            boolean named = partition != null && partition.size() == 1 && (partition.get(ReadPlan.PARTITION_TABLE) instanceof String
                    || partition.get(ReadPlan.PARTITION_QUERY) instanceof String);
            if (!named) {
                throw new ConnectException("A partition must be {\"" + ReadPlan.PARTITION_TABLE + "\": \"schema.table\"} or {\""
                        + ReadPlan.PARTITION_QUERY + "\": \"<connector name>\"}, not " + partition);
            }
            if (e.getValue() == null) {
                continue;
            }
            TableOffset offset = TableOffset.fromMap(e.getValue());
            if (mode.usesIncrementing() && offset.incrementing() == null) {
                throw new ConnectException("mode=" + mode.configValue() + " needs \"" + TableOffset.INCREMENTING
                        + "\" in the offset of " + partition);
            }
            if (mode.usesTimestamp() && offset.timestamp() == null) {
                throw new ConnectException("mode=" + mode.configValue() + " needs \"" + TableOffset.TIMESTAMP
                        + "\" (epoch milliseconds) in the offset of " + partition);
            }
            if (mode != Mode.BULK && !offset.bulkKey().isEmpty()) {
                throw new ConnectException("Only mode=bulk keeps \"" + TableOffset.KEY_PREFIX + "<column>\" offset keys; "
                        + "not mode=" + mode.configValue() + " (" + partition + ")");
            }
            Map<String, Object> unknown = new HashMap<>(e.getValue());
            unknown.keySet().removeAll(List.of(TableOffset.INCREMENTING, TableOffset.TIMESTAMP, TableOffset.TIMESTAMP_NANOS));
            unknown.keySet().removeIf(k -> k.startsWith(TableOffset.KEY_PREFIX));
            if (!unknown.isEmpty()) {
                throw new ConnectException("Unknown offset keys " + unknown.keySet() + " for " + partition);
            }
        }
        return true;
    }
}
