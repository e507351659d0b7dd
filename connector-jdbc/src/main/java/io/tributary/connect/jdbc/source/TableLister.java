package io.tributary.connect.jdbc.source;

import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.dialect.Dialect;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lists the tables of the schema pattern (or the connection's current schema) of the configured
 * types, through {@link DatabaseMetaData}, that the selector picks; system schemas never.
 */
public final class TableLister {
    private final Dialect dialect;
    private final String schemaPattern;
    private final List<String> types;
    private final TableSelector selector;

    public TableLister(Dialect dialect, String schemaPattern, List<String> types, TableSelector selector) {
        this.dialect = dialect;
        this.schemaPattern = schemaPattern;
        this.types = List.copyOf(types);
        this.selector = selector;
    }

    /** The selected tables, sorted by name so every listing deals them out the same way. */
    public List<TableId> list(Connection conn) throws SQLException {
        DatabaseMetaData md = conn.getMetaData();
        String pattern = schemaPattern != null ? schemaPattern : dialect.currentSchema(conn);
        String catalog = dialect.schemaIsCatalog() ? pattern : null;
        String schema = dialect.schemaIsCatalog() ? null : pattern;
        Set<TableId> found = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        try (ResultSet rs = md.getTables(catalog, schema, "%", types.toArray(new String[0]))) {
            while (rs.next()) {
                String owner = dialect.schemaIsCatalog() ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM");
                TableId table = new TableId(owner, rs.getString("TABLE_NAME"));
                if ((owner == null || !dialect.isSystemSchema(owner)) && selector.selects(table)) {
                    found.add(table);
                }
            }
        }
        return List.copyOf(found);
    }
}
