package io.tributary.connect.jdbc;

import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.config.ConfigChoices;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.ConfigLog;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.retry.RetryConfig;
import io.tributary.connect.common.template.Template;
import io.tributary.connect.jdbc.connection.JdbcConnectionConfig;
import io.tributary.connect.jdbc.connection.JdbcConnectionSettings;
import io.tributary.connect.jdbc.types.NumericMapping;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The JDBC source's settings. Key names follow Confluent's JDBC source where the meaning is the
 * same, so that a config moves over with few changes.
 */
public final class JdbcSourceConfig extends AbstractConfig {
    private static final Logger log = LoggerFactory.getLogger(JdbcSourceConfig.class);

    public static final String CONNECTION_URL = JdbcConnectionConfig.CONNECTION_URL;
    public static final String CONNECTION_USER = JdbcConnectionConfig.CONNECTION_USER;
    public static final String CONNECTION_PASSWORD = JdbcConnectionConfig.CONNECTION_PASSWORD;
    public static final String DIALECT_NAME = JdbcConnectionConfig.DIALECT_NAME;

    public static final String MODE = "mode";
    public static final String INCREMENTING_COLUMN = "incrementing.column.name";
    public static final String TIMESTAMP_COLUMNS = "timestamp.column.name";
    public static final String INCREMENTING_INITIAL = "incrementing.initial";
    public static final String TIMESTAMP_INITIAL = "timestamp.initial";
    public static final String TIMESTAMP_DELAY_MS = "timestamp.delay.interval.ms";
    public static final String OPEN_TRANSACTION_BOUND = "open.transactions.bound";

    public static final String TABLE_INCLUDE_LIST = "table.include.list";
    public static final String TABLE_EXCLUDE_LIST = "table.exclude.list";
    public static final String SCHEMA_PATTERN = "schema.pattern";
    public static final String TABLE_TYPES = "table.types";
    public static final String QUERY = "query";
    public static final String TABLE_POLL_INTERVAL_MS = "table.poll.interval.ms";

    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String TOPIC_NAME_FORMAT = "topic.name.format";
    /** The placeholders of topic.name.format. */
    public static final Set<String> TOPIC_NAME_ROOTS = Set.of("prefix", "schema", "table");
    public static final String RECORD_KEY = "record.key";
    public static final String NUMERIC_MAPPING = "numeric.mapping";
    public static final String DB_TIMEZONE = "db.timezone";
    public static final String COLUMN_UNMAPPED_ACTION = "column.unmapped.action";

    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String BATCH_MAX_ROWS = "batch.max.rows";
    public static final String CHUNK_ROWS = "chunk.rows";
    public static final String FETCH_SIZE = "fetch.size";
    public static final String MAX_UNACKNOWLEDGED = "max.unacknowledged.records";


    /** How rows are picked up. */
    public enum Mode implements ConfigChoice {
        /** Every row, on every poll. */
        BULK,
        /** Rows whose strictly increasing column is above the last one read: new rows only. */
        INCREMENTING,
        /** Rows whose timestamp is above the last one read: new and updated rows. */
        TIMESTAMP,
        /** Timestamp, with the incrementing column breaking ties among rows of the same timestamp. */
        TIMESTAMP_INCREMENTING;

        @Override
        public String configValue() {
            return this == TIMESTAMP_INCREMENTING ? "timestamp+incrementing" : ConfigChoice.super.configValue();
        }

        public boolean usesIncrementing() {
            return this == INCREMENTING || this == TIMESTAMP_INCREMENTING;
        }

        public boolean usesTimestamp() {
            return this == TIMESTAMP || this == TIMESTAMP_INCREMENTING;
        }
    }

    /** What the record key holds. */
    public enum RecordKey implements ConfigChoice {
        /** A Struct of the table's primary key columns (none for a table without one). */
        PRIMARY_KEY,
        NONE
    }

    /** What happens to a column whose type has no Connect mapping. */
    public enum UnmappedColumn implements ConfigChoice { FAIL, SKIP }

    /** How far up an incremental query reads. */
    public enum OpenTransactionBound implements ConfigChoice {
        /**
         * Never past what a transaction still open might yet commit below: the start of the oldest open
         * transaction (timestamps), or the highest value seen before it started (incrementing columns).
         */
        AUTO,
        /** Only timestamp.delay.interval.ms behind the database's clock, as other JDBC sources do. */
        NONE
    }

    public static final ConfigDef CONFIG_DEF = configDef();

    /** Logs its values as Kafka's configs do, with credentials in connection.url masked. */
    public JdbcSourceConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props, false);
        ConfigLog.values(log, this, Set.of(CONNECTION_URL));
    }

    private static ConfigDef configDef() {
        return new ConfigDefBuilder()
                .apply(b -> JdbcConnectionConfig.define(b, "JDBC URL of the source database. Without schema.pattern, tables "
                        + "are listed from its database (MariaDB) or the connection's current schema (PostgreSQL).", 1, "A task reads one table at a time, so one is enough; the pool "
                        + "replaces a broken connection."))
                .group("Tables")
                .define(TABLE_INCLUDE_LIST, Type.LIST, "", new PatternListValidator(), Importance.HIGH,
                        "Regular expressions for the tables to read, matched against the whole table name and "
                                + "against schema.table; empty reads every table schema.pattern and table.types "
                                + "allow. New tables that match are picked up every table.poll.interval.ms.",
                        "Tables included")
                .define(TABLE_EXCLUDE_LIST, Type.LIST, "", new PatternListValidator(), Importance.MEDIUM,
                        "Regular expressions for tables never read, applied after table.include.list.",
                        "Tables excluded")
                .define(SCHEMA_PATTERN, Type.STRING, null, null, Importance.MEDIUM,
                        "The schema (MariaDB: database) to list tables from, as a JDBC metadata pattern ('%' any "
                                + "characters, '_' any one); empty means the connection's current schema.",
                        "Schema pattern")
                .define(TABLE_TYPES, Type.LIST, "TABLE", Validators.nonBlank("list at least one table type, such as TABLE "
                                + "or TABLE,VIEW"), Importance.LOW,
                        "Table types to list, as the driver names them: TABLE, VIEW, MATERIALIZED VIEW...",
                        "Table types")
                .define(QUERY, Type.STRING, "", null, Importance.MEDIUM,
                        "A query to read instead of tables (then the include and exclude lists must be empty). The "
                                + "connector wraps it as a subselect and adds its own WHERE and ORDER BY for the mode, "
                                + "so it may have its own WHERE, joins and GROUP BY; it must return the tracking "
                                + "columns. Records go to topic.prefix as the topic name.", "Query")
                .define(TABLE_POLL_INTERVAL_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(1000), Importance.LOW,
                        "How often the connector lists the tables again to notice new and dropped ones; a change "
                                + "reconfigures the tasks.", "Table listing interval")
                .group("Mode")
                .defineChoice(MODE, Mode.BULK, Importance.HIGH,
                        "How rows are picked up. 'bulk' reads every row every poll.interval.ms (in primary key order "
                                + "and in chunks where every key column is an integer or text, so a restart finishes the "
                                + "pass; in one query otherwise); 'incrementing' reads rows whose "
                                + "incrementing.column.name is above the last one read (new rows); 'timestamp' rows whose "
                                + "timestamp.column.name is above the last one read (new and updated rows); "
                                + "'timestamp+incrementing' both, the incrementing column ordering rows of the same "
                                + "timestamp, which makes the offset identify a row exactly.", "Mode")
                .define(INCREMENTING_COLUMN, Type.STRING, "", null, Importance.MEDIUM,
                        "A strictly increasing integer column (an id from a sequence or an auto-increment). "
                                + "Empty: the table's single-column integer primary key.", "Incrementing column")
                .define(TIMESTAMP_COLUMNS, Type.LIST, "", null, Importance.MEDIUM,
                        "Timestamp columns that change when a row is written, such as updated_at; with more than "
                                + "one, the first that is not null counts (COALESCE), as in updated_at,created_at.",
                        "Timestamp columns")
                .define(INCREMENTING_INITIAL, Type.LONG, -1L, null, Importance.LOW,
                        "Read rows whose incrementing column is above this on the first start; -1 reads from the "
                                + "first row.", "Initial incrementing value")
                .define(TIMESTAMP_INITIAL, Type.LONG, null, null, Importance.LOW,
                        "Epoch milliseconds to start from on the first start; empty reads every row, -1 starts at "
                                + "the current time (only rows written from then on).", "Initial timestamp")
                .define(TIMESTAMP_DELAY_MS, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Extra time rows must be old before they are read, behind the database's clock; with "
                                + "open.transactions.bound=auto not needed for transactions the database reports, "
                                + "only for timestamps a client's clock set.", "Timestamp delay")
                .defineChoice(OPEN_TRANSACTION_BOUND, OpenTransactionBound.AUTO, Importance.MEDIUM,
                        "Rows a transaction writes become visible when it commits, which may be after rows of "
                                + "later ids and timestamps were read: a source that only remembers the highest value "
                                + "it read then misses them. 'auto' reads no further than the start of the oldest "
                                + "transaction still open on the database (PostgreSQL pg_stat_activity, MariaDB "
                                + "information_schema.innodb_trx) for timestamps, and no further than the highest "
                                + "incrementing value seen before that transaction started; it needs the "
                                + "pg_read_all_stats role (PostgreSQL) or the PROCESS privilege (MariaDB), and without "
                                + "them falls back to 'none' with a warning. MariaDB lists transactions up to 100 ms "
                                + "late, so there reads also stay 250 ms behind its clock. 'none' bounds timestamps by "
                                + "timestamp.delay.interval.ms only. See the README for what stays unsafe.",
                        "Open transactions bound")
                .group("Records")
                .define(TOPIC_PREFIX, Type.STRING, "", null, Importance.HIGH,
                        "Topic of each table: this prefix and the table's name (without its schema), as in "
                                + "'retail.' + 'inventory' (see topic.name.format); with query, the topic itself.",
                        "Topic prefix")
                .define(TOPIC_NAME_FORMAT, Type.STRING, "${prefix}${table}", Validators.template(TOPIC_NAME_ROOTS),
                        Importance.LOW, "The topic of each table, from ${prefix} (topic.prefix), ${schema} and ${table}, "
                                + "as in ${prefix}${schema}.${table}. Characters Kafka does not allow in topic names "
                                + "become '_'; names are cut at 249 characters.", "Topic name format")
                .defineChoice(RECORD_KEY, RecordKey.PRIMARY_KEY, Importance.MEDIUM,
                        "The record key: a Struct of the primary key columns ('primary_key'; tables without one "
                                + "get no key) or none.", "Record key")
                .defineChoice(NUMERIC_MAPPING, NumericMapping.BEST_FIT, Importance.MEDIUM,
                        "NUMERIC and DECIMAL columns: 'none' always as Decimal (a numeric declared without a "
                                + "scale as Debezium's VariableScaleDecimal); 'precision_only' as int8 to int64 where "
                                + "the scale is 0 and the precision fits; 'best_fit' also as float64 where the scale "
                                + "is above 0 and the precision is at most 15.", "Numeric mapping")
                .define(DB_TIMEZONE, Type.STRING, "UTC", Validators.timeZone(), Importance.MEDIUM,
                        "Time zone of TIMESTAMP columns without a time zone (and of DATE and TIME), to turn them "
                                + "into instants.", "Database time zone")
                .defineChoice(COLUMN_UNMAPPED_ACTION, UnmappedColumn.FAIL, Importance.LOW,
                        "A column whose type has no Connect form (geometry, ranges, intervals...): 'fail' stops "
                                + "the task naming the table, the column and its type; 'skip' leaves the column out, "
                                + "logged once.", "Unmapped columns")
                .group("Polling")
                .define(POLL_INTERVAL_MS, Type.LONG, 5000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "Wait between two reads of a table once it is caught up.", "Poll interval")
                .define(BATCH_MAX_ROWS, Type.INT, 1000, ConfigDef.Range.between(1, 1_000_000), Importance.LOW,
                        "Most records one poll hands to Kafka.", "Batch maximum rows")
                .define(CHUNK_ROWS, Type.INT, 50_000, ConfigDef.Range.between(1, Integer.MAX_VALUE), Importance.LOW,
                        "Most rows one query reads: a large table is read as key-ordered chunks of this many "
                                + "(incrementing and timestamp+incrementing modes, and bulk mode by primary key), each in a "
                                + "short transaction, so a restart resumes after the last chunk's offset and no transaction "
                                + "stays open for the whole load.", "Chunk rows")
                .define(MAX_UNACKNOWLEDGED, Type.INT, 20_000, ConfigDef.Range.between(1, 10_000_000), Importance.LOW,
                        "Most records a task has handed to Connect that Kafka has not yet acknowledged; at the bound "
                                + "the task reads no further until Kafka catches up. Each holds its row on the worker's "
                                + "heap until then, which the producer's buffer.memory bounds in bytes only: for small "
                                + "records that can be hundreds of MB.", "Maximum unacknowledged records")
                .define(FETCH_SIZE, Type.INT, 1000, ConfigDef.Range.between(1, 1_000_000), Importance.LOW,
                        "Rows the driver fetches per round trip while a chunk streams (PostgreSQL cursor fetch, "
                                + "MariaDB streaming), which bounds the memory a chunk takes.", "Fetch size")
                .apply(b -> RetryConfig.define(b, "connection lost, database restarting", "The read resumes from the last offset."))
                .build();
    }

    public JdbcConnectionSettings connection() {
        return JdbcConnectionConfig.settings(this);
    }

    public Mode mode() {
        return ConfigChoices.parse(Mode.class, MODE, getString(MODE));
    }

    public String incrementingColumn() {
        return getString(INCREMENTING_COLUMN).trim();
    }

    public List<String> timestampColumns() {
        return getList(TIMESTAMP_COLUMNS).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public long incrementingInitial() {
        return getLong(INCREMENTING_INITIAL);
    }

    /** Null: from the first row. */
    public Long timestampInitial() {
        return getLong(TIMESTAMP_INITIAL);
    }

    public long timestampDelayMs() {
        return getLong(TIMESTAMP_DELAY_MS);
    }

    public OpenTransactionBound openTransactionBound() {
        return ConfigChoices.parse(OpenTransactionBound.class, OPEN_TRANSACTION_BOUND, getString(OPEN_TRANSACTION_BOUND));
    }

    public List<Pattern> tableIncludes() {
        return patterns(TABLE_INCLUDE_LIST);
    }

    public List<Pattern> tableExcludes() {
        return patterns(TABLE_EXCLUDE_LIST);
    }

    /** Null: the connection's current schema. */
    public String schemaPattern() {
        String s = getString(SCHEMA_PATTERN);
        return s == null || s.isBlank() ? null : s.trim();
    }

    public List<String> tableTypes() {
        return getList(TABLE_TYPES).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Null when tables are read, not a query. */
    public String query() {
        String q = getString(QUERY);
        return q == null || q.isBlank() ? null : q.trim();
    }

    public long tablePollIntervalMs() {
        return getLong(TABLE_POLL_INTERVAL_MS);
    }

    public Template topicNameFormat() {
        return Template.parse(getString(TOPIC_NAME_FORMAT), TOPIC_NAME_ROOTS);
    }

    public int maxUnacknowledged() {
        return getInt(MAX_UNACKNOWLEDGED);
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX).trim();
    }

    public RecordKey recordKey() {
        return ConfigChoices.parse(RecordKey.class, RECORD_KEY, getString(RECORD_KEY));
    }

    public NumericMapping numericMapping() {
        return ConfigChoices.parse(NumericMapping.class, NUMERIC_MAPPING, getString(NUMERIC_MAPPING));
    }

    public ZoneId dbTimeZone() {
        return ZoneId.of(getString(DB_TIMEZONE).trim());
    }

    public UnmappedColumn unmappedColumnAction() {
        return ConfigChoices.parse(UnmappedColumn.class, COLUMN_UNMAPPED_ACTION, getString(COLUMN_UNMAPPED_ACTION));
    }

    public long pollIntervalMs() {
        return getLong(POLL_INTERVAL_MS);
    }

    public int batchMaxRows() {
        return getInt(BATCH_MAX_ROWS);
    }

    public int chunkRows() {
        return getInt(CHUNK_ROWS);
    }

    public int fetchSize() {
        return getInt(FETCH_SIZE);
    }

    public RetryConfig.Settings retries() {
        return RetryConfig.settings(this);
    }

    private List<Pattern> patterns(String key) {
        return getList(key).stream().map(String::trim).filter(s -> !s.isEmpty()).map(Pattern::compile).toList();
    }

    /** Each entry a regular expression that compiles. */
    static final class PatternListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof List<?> list)) {
                return;
            }
            for (Object entry : list) {
                try {
                    Pattern.compile(entry.toString().trim());
                } catch (PatternSyntaxException e) {
                    throw new ConfigException(name, entry, "not a regular expression (" + e.getDescription() + " at index "
                            + e.getIndex() + "); escape literal characters such as '.' and '$' with a backslash");
                }
            }
        }

        @Override
        public String toString() {
            return "list of regular expressions";
        }
    }
}
