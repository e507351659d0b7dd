package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.db.TableId;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What one database's names allow, read once from a connection: the schema (MariaDB: database) that a
 * table named without one belongs to, and how long a name may be. Every statement then names its
 * table with that schema, so PostgreSQL's search path (which puts pg_catalog first) never chooses it.
 */
public final class NameRules {
    private final Dialect dialect;
    private final String currentSchema;
    private final IdentifierLimit limit;

    NameRules(Dialect dialect, String currentSchema, IdentifierLimit limit) {
        this.dialect = dialect;
        this.currentSchema = currentSchema;
        this.limit = limit;
    }

    public static NameRules read(Dialect dialect, Connection conn) throws SQLException {
        return new NameRules(dialect, dialect.currentSchema(conn), dialect.identifierLimit(conn));
    }

    /** The schema tables named without one go to, or null where the dialect leaves them unqualified. */
    public String currentSchema() {
        return currentSchema;
    }

    public IdentifierLimit limit() {
        return limit;
    }

    /**
     * The table in its schema: the one its name gives (from the config's own text), else the connection's
     * current schema. Throws ConnectException when that is a system schema or there is none: no record
     * can be written until the configuration changes.
     */
    public TableId qualify(TableId routed) {
        if (routed.schema() != null) {
            return routed;
        }
        String problem = defaultSchemaProblem(dialect, currentSchema);
        if (problem != null) {
            throw new ConnectException("Table '" + routed.table() + "' is named without a schema, and " + problem);
        }
        return currentSchema == null ? routed : new TableId(currentSchema, routed.table());
    }

    /**
     * Why tables named without a schema cannot go to {@code currentSchema}, or null when they can; said
     * the same way by validate and by a running task.
     */
    public static String defaultSchemaProblem(Dialect dialect, String currentSchema) {
        String what = dialect.schemaIsCatalog() ? "database" : "schema";
        if (currentSchema == null) {
            return dialect.requiresSchema() ? "the connection has no current " + what + " (" + (dialect.schemaIsCatalog()
                    ? "connection.url names no database" : "no schema of the search path exists") + "); name the " + what
                    + " in connection.url, or in table.name.format as in 'retail.${topic}'" : null;
        }
        if (dialect.isSystemSchema(currentSchema)) {
            return "the connection's current " + what + " is the system schema " + currentSchema + ", which the sink never "
                    + "writes unless the configuration names it: name the " + what + " in table.name.format (such as '"
                    + (dialect.schemaIsCatalog() ? "shop" : "public") + ".${topic}') or table.name.mapping, or point "
                    + "connection.url at a user " + what;
        }
        return null;
    }

    /** Throws a DataException (a bad record) when the database cannot hold the table's names. */
    public void checkTable(TableId table, String source) {
        if (table.schema() != null) {
            check(table.schema(), "Schema name", table, source);
        }
        check(table.table(), "Table name", table, source);
    }

    /** Throws a DataException (a bad record) when the database cannot hold a column's name. */
    public void checkColumn(String column, TableId table) {
        String problem = limit.problem(column);
        if (problem != null) {
            throw new DataException("Column name " + problem + " (a field of the record, for table " + table + "); rename "
                    + "the field (an SMT such as ReplaceField) or leave it out with fields.exclude");
        }
    }

    private void check(String name, String what, TableId table, String source) {
        String problem = limit.problem(name);
        if (problem != null) {
            throw new DataException(what + " " + problem + " (the record's table resolved to "
                    + IdentifierLimit.printable(table.toString()) + " from " + source + "); change what " + source
                    + " gives this record");
        }
    }
}
