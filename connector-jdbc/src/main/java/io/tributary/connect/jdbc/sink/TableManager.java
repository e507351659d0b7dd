package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.db.TableDef;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.db.TableMetadataReader;
import io.tributary.connect.jdbc.dialect.Dialect;
import io.tributary.connect.jdbc.dialect.NameRules;
import io.tributary.connect.jdbc.types.ColumnSpec;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Knows each target table's columns; creates a missing table ({@code auto.create}) and adds
 * missing nullable columns ({@code auto.evolve}). Never drops or narrows a column. Several tasks
 * may race to create or evolve the same table: every statement tolerates that it already happened.
 * A table routed without a schema is given the connection's current schema ({@link NameRules}),
 * and names the database cannot hold are refused as bad records before any statement is built.
 */
public final class TableManager {
    private static final Logger log = LoggerFactory.getLogger(TableManager.class);

    private final Dialect dialect;
    private final boolean autoCreate;
    private final boolean autoEvolve;
    /** What names the tables, for messages: table.name.format and its value, table.name.mapping. */
    private final String tableNameSource;
    /** By the table as routed (perhaps without a schema); each def holds the qualified id. */
    private final Map<TableId, TableDef> cache = new HashMap<>();
    private NameRules nameRules;

    public TableManager(Dialect dialect, boolean autoCreate, boolean autoEvolve, String tableNameSource) {
        this.dialect = dialect;
        this.autoCreate = autoCreate;
        this.autoEvolve = autoEvolve;
        this.tableNameSource = tableNameSource;
    }

    /**
     * The table, ready for rows of this shape, named with its schema; throws DataException when it cannot
     * be made so for this record, ConnectException when no record can be written (a system schema).
     */
    public TableDef ensure(Connection conn, RecordShape shape) throws SQLException {
        TableDef def = cache.get(shape.table());
        if (def != null && missing(def, shape).isEmpty()) {
            return def;
        }
        NameRules rules = names(conn);
        TableId id = rules.qualify(shape.table());
        rules.checkTable(id, tableNameSource);
        def = TableMetadataReader.read(conn, id, dialect.schemaIsCatalog());
        if (def == null) {
            if (!autoCreate) {
                throw new DataException("Table " + id + " does not exist; create it, or set auto.create=true to let the "
                        + "connector create it from the record's schema");
            }
            if (shape.keyFields().isEmpty() && shape.valueFields().isEmpty()) {
                throw new DataException("Cannot create table " + id + " from a record with no fields");
            }
            shape.allNames().forEach(c -> rules.checkColumn(c, id));
            String ddl = dialect.createTable(id, shape.allFields());
            log.info("Creating table {}: {}", id, ddl);
            SQLException failure = runDdl(conn, List.of(ddl));
            def = TableMetadataReader.read(conn, id, dialect.schemaIsCatalog());
            if (def == null) {
                throw new DataException("Cannot create table " + id + ": " + (failure != null ? failure.getMessage()
                        : "it was created but cannot be seen; check connection.user's privileges"), failure);
            }
        }
        List<ColumnSpec> missing = missing(def, shape);
        if (!missing.isEmpty()) {
            List<String> names = missing.stream().map(ColumnSpec::name).toList();
            names.forEach(c -> rules.checkColumn(c, id));
            if (!autoEvolve) {
                throw new DataException("Table " + id + " has no column(s) " + names + " that the record writes; add them, "
                        + "set auto.evolve=true, or leave the fields out with fields.exclude");
            }
            if (missing.stream().anyMatch(ColumnSpec::primaryKey)) {
                throw new DataException("Table " + id + " lacks primary key column(s) " + names
                        + "; a primary key cannot be evolved: change the table or pk.fields");
            }
            log.info("Adding column(s) {} to table {}", names, id);
            SQLException failure = runDdl(conn, dialect.addColumns(id, missing));
            def = TableMetadataReader.read(conn, id, dialect.schemaIsCatalog());
            List<String> still = missing(def, shape).stream().map(ColumnSpec::name).toList();
            if (!still.isEmpty()) {
                throw new DataException("Cannot add column(s) " + still + " to table " + id + ": "
                        + (failure != null ? failure.getMessage() : "ALTER TABLE had no effect"), failure);
            }
        }
        cache.put(shape.table(), def);
        return def;
    }

    /** Forget what is known of a table (as routed), for instance after a write found it changed. */
    public void invalidate(TableId routed) {
        cache.remove(routed);
    }

    /** Read once, from the first connection: every connection of the pool opens with the same URL. */
    private NameRules names(Connection conn) throws SQLException {
        if (nameRules == null) {
            nameRules = NameRules.read(dialect, conn);
            log.info("Tables named without a schema go to {} ({}); names may be at most {}",
                    nameRules.currentSchema() == null ? "the connection's default" : nameRules.currentSchema(),
                    dialect.schemaIsCatalog() ? "the connection's database" : "the connection's current schema",
                    nameRules.limit());
        }
        return nameRules;
    }

    private static List<ColumnSpec> missing(TableDef def, RecordShape shape) {
        List<ColumnSpec> missing = new ArrayList<>();
        for (ColumnSpec f : shape.allFields()) {
            if (def.column(f.name()) == null) {
                missing.add(f);
            }
        }
        return missing;
    }

    /**
     * Runs DDL in its own transaction. An error may come from a concurrent twin (another task created
     * the table first), so it is returned for the caller's re-read to judge rather than thrown.
     */
    private SQLException runDdl(Connection conn, List<String> statements) throws SQLException {
        SQLException last = null;
        for (String sql : statements) {
            try (Statement st = conn.createStatement()) {
                st.execute(sql);
                conn.commit();
            } catch (SQLException e) {
                conn.rollback();
                if (dialect.isTransient(e)) {
                    throw e;
                }
                log.info("DDL '{}' failed ({}); checking whether another task already applied it", sql, e.getMessage());
                last = e;
            }
        }
        return last;
    }
}
