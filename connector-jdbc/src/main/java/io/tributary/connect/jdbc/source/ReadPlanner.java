package io.tributary.connect.jdbc.source;

import io.tributary.connect.common.naming.KafkaTopicNames;
import io.tributary.connect.jdbc.JdbcSourceConfig;
import io.tributary.connect.jdbc.JdbcSourceConfig.Mode;
import io.tributary.connect.jdbc.JdbcSourceConfig.RecordKey;
import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.db.TableDef;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.db.TableMetadataReader;
import io.tributary.connect.jdbc.dialect.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Works out how to read a table: its tracking columns (the configured ones, or for an incrementing
 * column the table's single integer primary key), its key columns and topic; in bulk mode, the
 * primary key its passes are read in chunks by, where every key column is an integer or text. A
 * table that cannot be read in the mode (a tracking column missing or of the wrong type) gets a
 * reason instead of a plan, which the connector reports once and the table is left out.
 */
public final class ReadPlanner {
    /** A plan, or why there is none. */
    public record Outcome(ReadPlan plan, String problem) {
    }

    /** The alias a custom query is read under, as a subselect. */
    static final String QUERY_ALIAS = "tributary_query";

    private final JdbcSourceConfig config;
    private final Dialect dialect;

    public ReadPlanner(JdbcSourceConfig config, Dialect dialect) {
        this.config = config;
        this.dialect = dialect;
    }

    public Outcome plan(Connection conn, TableId table) throws SQLException {
        TableDef def = TableMetadataReader.read(conn, table, dialect.schemaIsCatalog());
        if (def == null) {
            return new Outcome(null, "the table " + table + " does not exist (dropped?)");
        }
        Mode mode = config.mode();
        String incrementing = null;
        if (mode.usesIncrementing()) {
            incrementing = config.incrementingColumn();
            if (incrementing.isEmpty()) {
                if (def.primaryKey().size() != 1 || !isInteger(def.column(def.primaryKey().get(0)))) {
                    return new Outcome(null, "the table " + table + " has no single-column integer primary key to use as its "
                            + "incrementing column; set incrementing.column.name");
                }
                incrementing = def.primaryKey().get(0);
            }
            ColumnDef c = def.column(incrementing);
            if (c == null) {
                return new Outcome(null, "the table " + table + " has no column " + incrementing + " (incrementing.column.name)");
            }
            if (!isInteger(c)) {
                return new Outcome(null, "the column " + incrementing + " of " + table + " is " + c.typeName()
                        + ", not an integer type an incrementing column needs (incrementing.column.name)");
            }
        }
        List<String> timestamps = mode.usesTimestamp() ? config.timestampColumns() : List.of();
        for (String ts : timestamps) {
            ColumnDef c = def.column(ts);
            if (c == null) {
                return new Outcome(null, "the table " + table + " has no column " + ts + " (timestamp.column.name)");
            }
            if (!isDateTime(c)) {
                return new Outcome(null, "the column " + ts + " of " + table + " is " + c.typeName() + ", not a timestamp "
                        + "(timestamp.column.name)");
            }
        }
        List<String> key = config.recordKey() == RecordKey.PRIMARY_KEY ? def.primaryKey() : List.of();
        List<String> chunkKey = mode == Mode.BULK && !def.primaryKey().isEmpty()
                && def.primaryKey().stream().allMatch(k -> isInteger(def.column(k)) || isText(def.column(k)))
                ? def.primaryKey() : List.of();
        return new Outcome(new ReadPlan(table, dialect.qualified(table), mode, incrementing, timestamps, key,
                topic(table), ReadPlan.tablePartition(table), chunkKey), null);
    }

    /** The table's topic by topic.name.format, made legal for Kafka. */
    String topic(TableId table) {
        return KafkaTopicNames.legal(config.topicNameFormat().render((root, path) -> switch (root) {
            case "prefix" -> config.topicPrefix();
            case "schema" -> table.schema() == null ? "" : table.schema();
            default -> table.table();
        }));
    }

    /** Character types, whose values an offset can hold and the database orders by the column's collation. */
    static boolean isText(ColumnDef c) {
        return switch (c.jdbcType()) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR -> true;
            default -> false;
        };
    }

    /** The plan of the configured query, read as a subselect; its records have no key. */
    public ReadPlan queryPlan(String connector) {
        Mode mode = config.mode();
        return new ReadPlan(null, "(" + config.query() + ") " + QUERY_ALIAS, mode,
                mode.usesIncrementing() ? config.incrementingColumn() : null,
                mode.usesTimestamp() ? config.timestampColumns() : List.of(), List.of(), config.topicPrefix(),
                ReadPlan.queryPartition(connector));
    }

    static boolean isInteger(ColumnDef c) {
        return switch (c.jdbcType()) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> true;
            case Types.NUMERIC, Types.DECIMAL -> c.scale() == 0;
            default -> false;
        };
    }

    /** By JDBC type, or by the declared type's name where the driver reports no date-time type (SQLite's metadata). */
    static boolean isDateTime(ColumnDef c) {
        return switch (c.jdbcType()) {
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE -> true;
            default -> c.isTimestampWithZone() || c.typeNameLower().startsWith("timestamp")
                    || c.typeNameLower().startsWith("datetime") || c.typeNameLower().equals("date");
        };
    }
}
