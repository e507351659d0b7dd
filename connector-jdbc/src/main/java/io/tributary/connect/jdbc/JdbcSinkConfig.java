package io.tributary.connect.jdbc;

import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.config.ConfigChoices;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.ConfigLog;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.errors.ErrantRecords;
import io.tributary.connect.common.retry.RetryConfig;
import io.tributary.connect.common.template.SinkRecordResolver;
import io.tributary.connect.common.template.Template;
import io.tributary.connect.jdbc.connection.JdbcConnectionConfig;
import io.tributary.connect.jdbc.connection.JdbcConnectionSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JDBC sink's settings. Key names follow Confluent's JDBC sink where the meaning is the same. */
public final class JdbcSinkConfig extends AbstractConfig {
    private static final Logger log = LoggerFactory.getLogger(JdbcSinkConfig.class);

    public static final String CONNECTION_URL = JdbcConnectionConfig.CONNECTION_URL;
    public static final String CONNECTION_USER = JdbcConnectionConfig.CONNECTION_USER;
    public static final String CONNECTION_PASSWORD = JdbcConnectionConfig.CONNECTION_PASSWORD;
    public static final String DIALECT_NAME = JdbcConnectionConfig.DIALECT_NAME;

    public static final String INSERT_MODE = "insert.mode";
    public static final String BATCH_SIZE = "batch.size";
    public static final String BATCH_MAX_WAIT_MS = "batch.max.wait.ms";
    /** The consumer setting the worker applies to this connector, read to tell when the consumer has caught up. */
    static final String CONSUMER_MAX_POLL_RECORDS = "consumer.override.max.poll.records";
    private static final int CONSUMER_DEFAULT_MAX_POLL_RECORDS = 500;
    public static final String DELETE_ENABLED = "delete.enabled";
    public static final String CHANGE_EVENT_FORMAT = "change.event.format";
    public static final String WRITE_METHOD = "write.method";

    public static final String PK_MODE = "pk.mode";
    public static final String PK_FIELDS = "pk.fields";
    public static final String FIELDS_INCLUDE = "fields.include";
    public static final String FIELDS_EXCLUDE = "fields.exclude";
    public static final String DB_TIMEZONE = "db.timezone";

    public static final String TABLE_NAME_FORMAT = "table.name.format";
    public static final String TABLE_NAME_MAPPING = "table.name.mapping";

    public static final String AUTO_CREATE = "auto.create";
    public static final String AUTO_EVOLVE = "auto.evolve";


    /** Connect's own key: whether bad records go to error handling or fail the task. */

    public enum InsertMode implements ConfigChoice { INSERT, UPSERT, UPDATE }

    public enum PkMode implements ConfigChoice { NONE, KAFKA, RECORD_KEY, RECORD_VALUE, RECORD_HEADER }

    public enum WriteMethod implements ConfigChoice { AUTO, COPY, MULTI_ROW, BATCH }

    public enum ChangeEventFormat implements ConfigChoice { AUTO, DEBEZIUM, NONE }

    public static final List<String> KAFKA_PK_DEFAULTS = List.of("__connect_topic", "__connect_partition", "__connect_offset");

    public static final ConfigDef CONFIG_DEF = configDef();

    /** Logs its values as Kafka's configs do, with credentials in connection.url masked. */
    public JdbcSinkConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props, false);
        ConfigLog.values(log, this, Set.of(CONNECTION_URL));
    }

    private static ConfigDef configDef() {
        return new ConfigDefBuilder()
                .apply(b -> JdbcConnectionConfig.define(b, "JDBC URL of the target database. Its database (MariaDB), or "
                        + "the connection's current schema (PostgreSQL: the first existing schema of the search path, such "
                        + "as public), is where tables named without a schema go; the sink reads it once and names every "
                        + "table with it.", 2, "A task writes one batch at a time, so two are enough: one writing, one "
                        + "spare after a broken connection."))
                .group("Writes")
                .defineChoice(INSERT_MODE, InsertMode.INSERT, Importance.HIGH, "How records become rows. 'insert' adds rows (COPY on PostgreSQL); a record "
                                + "refused because its key is taken is skipped when the table already holds its very "
                                + "row (a re-delivery after a task failed before committing offsets; counted as "
                                + "records-already-written) and goes to error handling as a clash otherwise. 'upsert' "
                                + "inserts or replaces by primary key (idempotent: safe under re-delivery); 'update' "
                                + "only changes existing rows.", "Insert mode")
                .define(BATCH_SIZE, Type.INT, 3000, ConfigDef.Range.between(1, 1_000_000), Importance.MEDIUM,
                        "Rows buffered per task before a write, independent of the consumer's max.poll.records: "
                                + "records are buffered across put() calls and written on size or on offset commit. "
                                + "Heap use is bounded by this, not by the topic. Rows are written before the batch is "
                                + "full when the consumer has caught up (a poll returned fewer records than "
                                + "max.poll.records, unless it still held a quarter of them or more, all older than "
                                + "batch.max.wait.ms: that is a backlog read fetch by fetch) or when batch.max.wait.ms "
                                + "has passed, so batching never adds latency to a topic that is not lagging.", "Batch size")
                .define(BATCH_MAX_WAIT_MS, Type.LONG, 1000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Longest time a buffered row waits for its batch to fill while the consumer is still "
                                + "behind, also when no further record comes; 0 writes on every put.", "Batch maximum wait")
                .define(DELETE_ENABLED, Type.BOOLEAN, false, null, Importance.MEDIUM,
                        "Delete the row whose key a tombstone (null value) carries. Needs pk.mode=record_key.",
                        "Deletes")
                .defineChoice(CHANGE_EVENT_FORMAT, ChangeEventFormat.AUTO, Importance.MEDIUM, "Debezium change events (values with before, after, source and op, with a "
                                + "schema or as schemaless JSON) are applied without an unwrapping SMT: creates, "
                                + "snapshot reads and updates write the 'after' row, deletes delete the row of the "
                                + "record's key (with delete.enabled=true; pair with insert.mode=upsert and "
                                + "pk.mode=record_key), truncate and message events are skipped. 'auto' applies events "
                                + "and writes other records as they are; 'debezium' treats any other record as bad; "
                                + "'none' writes events as plain records (before, after and source as columns). The "
                                + "table name can use the event's source, as in ${value.source.table}.",
                        "Change events")
                .defineChoice(WRITE_METHOD, WriteMethod.AUTO, Importance.LOW, "How a batch reaches the database. 'auto': COPY on PostgreSQL (straight into "
                                + "the table for inserts, through a temporary table for upserts), multi-row VALUES "
                                + "statements on MariaDB and SQLite, JDBC statement batches elsewhere and for updates. "
                                + "'copy' needs PostgreSQL.", "Write method")
                .group("Keys and fields")
                .defineChoice(PK_MODE, PkMode.NONE, Importance.HIGH,
                        "Where the primary key comes from. 'kafka': topic, partition and offset (insert mode then "
                                + "ignores re-delivered records, so restarts write no duplicates); 'record_key': the key "
                                + "(a primitive, or fields of a struct/map key); 'record_value': fields of the value; "
                                + "'record_header': named headers.", "Primary key mode")
                .define(PK_FIELDS, Type.LIST, "", null, Importance.MEDIUM,
                        "Primary key column names. kafka: three names for topic, partition, offset (default "
                                + String.join(",", KAFKA_PK_DEFAULTS) + "); record_key: the column for a primitive key "
                                + "(default __connect_key) or the key fields to use (default all); record_value: the "
                                + "value fields (default all); record_header: the header names (required).",
                        "Primary key fields")
                .define(FIELDS_INCLUDE, Type.LIST, "", null, Importance.LOW,
                        "Value fields to write; empty means all. Key columns are always written.", "Fields included")
                .define(FIELDS_EXCLUDE, Type.LIST, "", null, Importance.LOW,
                        "Value fields never written, applied after fields.include.", "Fields excluded")
                .define(DB_TIMEZONE, Type.STRING, "UTC", Validators.timeZone(), Importance.MEDIUM,
                        "Time zone in which timestamps are written to columns without a time zone (TIMESTAMP, "
                                + "DATETIME). timestamptz columns always store the exact instant.", "Database time zone")
                .group("Tables")
                .define(TABLE_NAME_FORMAT, Type.STRING, "${topic}", new TemplateValidator(), Importance.MEDIUM,
                        "Target table name. Placeholders: ${topic} (dots become underscores), ${partition}, "
                                + "${original.topic} (the topic before SMTs renamed it), ${key}, ${value.field}, "
                                + "${header.name}. Only a literal dot in this text separates the schema (or MariaDB "
                                + "database) from the table, as in 'retail.${topic}'; what a placeholder substitutes "
                                + "from a record is one name, dots included, so no record can choose another schema. "
                                + "Without a schema here, tables go to the connection's current schema; the schema "
                                + "part may use placeholders too, as in '${value.source.schema}.${value.source.table}'. "
                                + "A system schema (pg_catalog, information_schema, pg_toast and other pg_* schemas; "
                                + "MariaDB's mysql, sys, performance_schema, information_schema) is written only when "
                                + "named literally here or in table.name.mapping: a record that resolves to one is a "
                                + "bad record. So is a record whose table or column name is longer than the database "
                                + "holds (PostgreSQL: 63 bytes in the server's encoding; MariaDB: 64 characters). A "
                                + "tombstone (null value) has nothing for ${value...} to read and is skipped "
                                + "where the format uses it; Debezium's delete events carry the table and apply the "
                                + "deletes.", "Table name format")
                .define(TABLE_NAME_MAPPING, Type.LIST, "", new MappingValidator(), Importance.MEDIUM,
                        "Explicit topic-to-table routes, 'topic:table' or 'topic:schema.table' pairs separated by "
                                + "commas; they win over table.name.format.", "Topic to table mapping")
                .define(AUTO_CREATE, Type.BOOLEAN, false, null, Importance.MEDIUM,
                        "Create a missing table from the record's schema (or, for schemaless JSON, from its values), "
                                + "with the primary key pk.mode names. A table dropped while the task runs is created "
                                + "again at the next write.", "Create tables")
                .define(AUTO_EVOLVE, Type.BOOLEAN, false, null, Importance.MEDIUM,
                        "Add a nullable column when records gain a field, or when a column the records write was "
                                + "dropped while the task runs. Columns are never dropped or narrowed.",
                        "Evolve tables")
                .apply(b -> RetryConfig.define(b, "connection lost, database restarting, deadlock", "Records stay buffered between attempts, so nothing is lost."))
                .build();
    }

    /** Where the database is and how to log in. */
    public JdbcConnectionSettings connection() {
        return JdbcConnectionConfig.settings(this);
    }

    public InsertMode insertMode() {
        return ConfigChoices.parse(InsertMode.class, INSERT_MODE, getString(INSERT_MODE));
    }

    public PkMode pkMode() {
        return ConfigChoices.parse(PkMode.class, PK_MODE, getString(PK_MODE));
    }

    public WriteMethod writeMethod() {
        return ConfigChoices.parse(WriteMethod.class, WRITE_METHOD, getString(WRITE_METHOD));
    }

    public List<String> pkFields() {
        return getList(PK_FIELDS);
    }

    public List<String> fieldsInclude() {
        return getList(FIELDS_INCLUDE);
    }

    public List<String> fieldsExclude() {
        return getList(FIELDS_EXCLUDE);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public long batchMaxWaitMs() {
        return getLong(BATCH_MAX_WAIT_MS);
    }

    /** The consumer's max.poll.records for this connector (the worker's default unless overridden). */
    public int consumerMaxPollRecords() {
        Object v = originals().get(CONSUMER_MAX_POLL_RECORDS);
        try {
            return v == null ? CONSUMER_DEFAULT_MAX_POLL_RECORDS : Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            return CONSUMER_DEFAULT_MAX_POLL_RECORDS;
        }
    }

    public ChangeEventFormat changeEventFormat() {
        return ConfigChoices.parse(ChangeEventFormat.class, CHANGE_EVENT_FORMAT, getString(CHANGE_EVENT_FORMAT));
    }

    public boolean deleteEnabled() {
        return getBoolean(DELETE_ENABLED);
    }

    public boolean autoCreate() {
        return getBoolean(AUTO_CREATE);
    }

    public boolean autoEvolve() {
        return getBoolean(AUTO_EVOLVE);
    }

    public ZoneId timeZone() {
        return ZoneId.of(getString(DB_TIMEZONE).trim());
    }

    public Template tableNameFormat() {
        return Template.parse(getString(TABLE_NAME_FORMAT), SinkRecordResolver.ROOTS);
    }

    /** Where table names come from, as messages about a table's name say it. */
    public String tableNameSource() {
        return tableNameMapping().isEmpty() ? "table.name.format '" + getString(TABLE_NAME_FORMAT) + "'"
                : "table.name.format '" + getString(TABLE_NAME_FORMAT) + "' or table.name.mapping";
    }

    /**
     * True when some table may be named without a schema (the format's text names none, or a mapping
     * entry names none), so that the connection's current schema matters.
     */
    public boolean namesTablesWithoutSchema() {
        return tableNameFormat().splitAtLiteral('.').size() < 2
                || tableNameMapping().values().stream().anyMatch(t -> !t.contains("."));
    }

    public Map<String, String> tableNameMapping() {
        return parseMapping(getList(TABLE_NAME_MAPPING));
    }

    public RetryConfig.Settings retries() {
        return RetryConfig.settings(this);
    }

    /** True when Connect's errors.tolerance sends bad records to error handling instead of failing. */
    public boolean toleratesErrors() {
        return ErrantRecords.toleratesAll(originals());
    }

    static Map<String, String> parseMapping(List<String> pairs) {
        Map<String, String> map = new HashMap<>();
        for (String pair : pairs) {
            int colon = pair.lastIndexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new ConfigException(TABLE_NAME_MAPPING, pair, "each entry must be 'topic:table', as in orders:retail.orders");
            }
            map.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
        }
        return map;
    }

    private static final class TemplateValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                throw new ConfigException(name, value, "must not be empty; the default is ${topic}");
            }
            Template format;
            try {
                format = Template.parse(value.toString(), SinkRecordResolver.ROOTS);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
            if (format.splitAtLiteral('.').size() > 2) {
                throw new ConfigException(name, value, "holds more than one literal '.'; one dot separates the schema "
                        + "from the table, as in 'retail.${topic}'");
            }
        }

        @Override
        public String toString() {
            return "a table name with placeholders such as ${topic}";
        }
    }

    private static final class MappingValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> pairs = (List<String>) value;
            if (pairs != null) {
                parseMapping(pairs);
            }
        }

        @Override
        public String toString() {
            return "topic:table pairs separated by commas";
        }
    }
}
