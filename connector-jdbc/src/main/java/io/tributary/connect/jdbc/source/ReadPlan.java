package io.tributary.connect.jdbc.source;

import io.tributary.connect.jdbc.JdbcSourceConfig.Mode;
import io.tributary.connect.jdbc.db.TableId;

import java.util.List;
import java.util.Map;

/**
 * What one reader reads: a table (or the configured query), in which mode, tracked by which
 * columns, keyed by which, into which topic, under which source partition.
 *
 * @param table       the table, or null for a query
 * @param from        the FROM clause: the qualified table, or the query as a subselect
 * @param incrementing the incrementing column, or null
 * @param timestamps  the timestamp columns (COALESCEd), or empty
 * @param keyColumns  the columns of the record key, or empty for none
 * @param chunkKey    bulk mode: the primary key a pass is read in order of, in chunks, so that a restart
 *                    resumes the pass; empty to read each pass in one query
 */
public record ReadPlan(TableId table, String from, Mode mode, String incrementing, List<String> timestamps,
                       List<String> keyColumns, String topic, Map<String, String> partition, List<String> chunkKey) {
    public static final String PARTITION_TABLE = "table";
    public static final String PARTITION_QUERY = "query";

    public ReadPlan {
        timestamps = List.copyOf(timestamps);
        keyColumns = List.copyOf(keyColumns);
        partition = Map.copyOf(partition);
        chunkKey = List.copyOf(chunkKey);
    }

    /** A plan whose bulk passes (if any) are read in one query each. */
    public ReadPlan(TableId table, String from, Mode mode, String incrementing, List<String> timestamps,
                    List<String> keyColumns, String topic, Map<String, String> partition) {
        this(table, from, mode, incrementing, timestamps, keyColumns, topic, partition, List.of());
    }

    /** The source partition of a table: its schema-qualified name. */
    public static Map<String, String> tablePartition(TableId table) {
        return Map.of(PARTITION_TABLE, table.toString());
    }

    /** The source partition of the connector's query: the connector's name. */
    public static Map<String, String> queryPartition(String connector) {
        return Map.of(PARTITION_QUERY, connector);
    }

    /** How logs name it. */
    public String describe() {
        return table != null ? "table " + table : "query of " + partition.get(PARTITION_QUERY);
    }
}
