package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.db.TableId;

import java.util.List;
import java.util.Set;

/**
 * Any other JDBC database through DriverManager, with ANSI SQL: insert and update modes and
 * deletes; upserts need a dialect that knows the database's spelling.
 */
public class GenericDialect extends StandardDialect {
    @Override
    public String name() {
        return "generic";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return false;
    }

    @Override
    public String driverClass() {
        return null;
    }

    /** Any database: what is known to belong to the database itself in the common ones. */
    @Override
    protected Set<String> systemSchemas() {
        return Set.of("information_schema", "pg_catalog", "mysql", "performance_schema", "sys", "system");
    }

    /** A driver without JDBC's getSchema leaves names unqualified, as before. */
    @Override
    public boolean requiresSchema() {
        return false;
    }

    @Override
    public boolean supportsUpsert() {
        return false;
    }

    @Override
    protected String addColumnIfNotExists() {
        return "";
    }

    @Override
    public String upsert(TableId table, List<String> columns, List<String> keyColumns, int rows) {
        return null;
    }

    @Override
    public String insertIgnoringDuplicates(TableId table, List<String> columns, List<String> keyColumns, int rows) {
        return null;
    }

    @Override
    public int maxBindParameters() {
        return 2000;
    }
}
