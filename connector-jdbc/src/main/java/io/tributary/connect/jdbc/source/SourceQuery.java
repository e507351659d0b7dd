package io.tributary.connect.jdbc.source;

import io.tributary.connect.jdbc.JdbcSourceConfig.Mode;
import io.tributary.connect.jdbc.dialect.Dialect;

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
