package io.tributary.connect.jdbc.source;

import io.tributary.connect.jdbc.JdbcSourceConfig.Mode;
import io.tributary.connect.jdbc.dialect.Dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL that reads one table or query in a mode: what comes after the offset, below the bound,
 * in the order the offset follows. Parameters, in order: the offset (incrementing: its value;
 * timestamp: the timestamp; timestamp+incrementing: timestamp, timestamp, incrementing), then the
 * bounds in use (timestamp: below; incrementing: at most). Incremental modes read at most
 * {@code chunkRows} rows per query where the order is total (an incrementing column decides it), so
 * a large table loads in chunks, each query short.
 */
public final class SourceQuery {
    private final String sql;
    private final boolean limited;

    private SourceQuery(String sql, boolean limited) {
        this.sql = sql;
        this.limited = limited;
    }

    public String sql() {
        return sql;
    }

    /** True when the query stops after chunk rows: reaching them means there may be more. */
    public boolean limited() {
        return limited;
    }

    /**
     * A chunk of a bulk pass in key order: the first ({@code after} false) or the one after a key, whose
     * values are the parameters in key order. The comparison is spelled out column by column
     * ({@code k1 > ? OR (k1 = ? AND k2 > ?)}) rather than as a row value, which not every database has;
     * so the parameters are, for each key column in turn, the values of the columns before it and its own.
     */
    public static SourceQuery bulkChunk(Dialect dialect, String from, List<String> key, boolean after, int chunkRows) {
        StringBuilder q = new StringBuilder("SELECT * FROM ").append(from);
        List<String> quoted = key.stream().map(dialect::quote).toList();
        if (after) {
            q.append(" WHERE ");
            for (int i = 0; i < quoted.size(); i++) {
                q.append(i == 0 ? "(" : " OR (");
                for (int j = 0; j < i; j++) {
                    q.append(quoted.get(j)).append(" = ? AND ");
                }
                q.append(quoted.get(i)).append(" > ?)");
            }
        }
        q.append(" ORDER BY ").append(quoted.stream().map(k -> k + " ASC").collect(Collectors.joining(", ")))
                .append(dialect.limitClause(chunkRows));
        return new SourceQuery(q.toString(), true);
    }

    /** The parameters of {@link #bulkChunk} after a key: for each key column, the columns before it and itself. */
    public static List<Object> bulkChunkParameters(List<Object> keyValues) {
        List<Object> p = new ArrayList<>();
        for (int i = 0; i < keyValues.size(); i++) {
            p.addAll(keyValues.subList(0, i + 1));
        }
        return p;
    }

    /**
     * {@code from} is the FROM clause (a qualified table, or a query wrapped as a subselect); the column
     * names are unquoted and quoted here.
     */
    public static SourceQuery of(Dialect dialect, Mode mode, String from, String incrementing, List<String> timestamps,
                                 boolean timestampBound, boolean incrementingBound, int chunkRows) {
        StringBuilder q = new StringBuilder("SELECT * FROM ").append(from);
        String inc = incrementing == null ? null : dialect.quote(incrementing);
        String ts = timestamps.isEmpty() ? null : timestamps.size() == 1 ? dialect.quote(timestamps.get(0))
                : timestamps.stream().map(dialect::quote).collect(Collectors.joining(", ", "COALESCE(", ")"));
        switch (mode) {
            case BULK:
                return new SourceQuery(q.toString(), false);
            case INCREMENTING:
                q.append(" WHERE ").append(inc).append(" > ?");
                if (incrementingBound) {
                    q.append(" AND ").append(inc).append(" <= ?");
                }
                q.append(" ORDER BY ").append(inc).append(" ASC").append(dialect.limitClause(chunkRows));
                return new SourceQuery(q.toString(), true);
            case TIMESTAMP:
                // No chunks: rows of one timestamp have no order among them that a chunk could stop in.
                q.append(" WHERE ").append(ts).append(" > ?");
                if (timestampBound) {
                    q.append(" AND ").append(ts).append(" < ?");
                }
                q.append(" ORDER BY ").append(ts).append(" ASC");
                return new SourceQuery(q.toString(), false);
            case TIMESTAMP_INCREMENTING:
                q.append(" WHERE (").append(ts).append(" > ? OR (").append(ts).append(" = ? AND ").append(inc)
                        .append(" > ?))");
                if (timestampBound) {
                    q.append(" AND ").append(ts).append(" < ?");
                }
                q.append(" ORDER BY ").append(ts).append(" ASC, ").append(inc).append(" ASC")
                        .append(dialect.limitClause(chunkRows));
                return new SourceQuery(q.toString(), true);
            default:
                throw new IllegalArgumentException(mode.toString());
        }
    }
}
