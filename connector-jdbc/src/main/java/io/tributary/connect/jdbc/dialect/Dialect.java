package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.sink.SinkField;
import org.apache.kafka.connect.data.Schema;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;

/**
 * What differs between databases: which URLs and driver, how identifiers are quoted, which SQL
 * type a Connect schema becomes, how upserts are spelled, how values bind, which errors pass.
 * Implementations are found through META-INF/services with the plugin's own classloader.
 */
public interface Dialect {
    /** The name {@code dialect.name} selects, such as {@code postgresql}. */
    String name();

    /** True when this dialect is the natural one for a JDBC URL; the generic dialect accepts none. */
    boolean accepts(String jdbcUrl);

    /** The driver class to load from the plugin's classloader, or null to ask DriverManager. */
    String driverClass();

    /** The URL as the driver wants it (for example, MariaDB's driver only takes jdbc:mysql: with a flag). */
    default String driverUrl(String jdbcUrl) {
        return jdbcUrl;
    }

    /**
     * Quotes one identifier so it is taken literally. Refuses names the database cannot hold
     * (empty, too long, NUL) with a message naming the identifier.
     */
    String quote(String identifier);

    String qualified(TableId table);

    /** MariaDB and MySQL call a schema a database, and JDBC reports it as the catalog. */
    boolean schemaIsCatalog();

    /** The column type {@code auto.create} and {@code auto.evolve} use for a Connect schema. */
    String columnType(Schema schema, boolean primaryKey);

    String createTable(TableId table, List<SinkField> fields);

    List<String> addColumns(TableId table, List<SinkField> fields);

    String insert(TableId table, List<String> columns, int rows);

    /** Insert-or-update by key, or null when the database has no upsert. */
    String upsert(TableId table, List<String> columns, List<String> keyColumns, int rows);

    /** Insert, leaving rows whose key already exists untouched (idempotent re-delivery). */
    String insertIgnoringDuplicates(TableId table, List<String> columns, List<String> keyColumns, int rows);

    String update(TableId table, List<String> columns, List<String> keyColumns);

    String delete(TableId table, List<String> keyColumns);

    /** The most bind parameters one statement may hold. */
    int maxBindParameters();

    /** True for PostgreSQL, whose COPY protocol loads batches far faster than INSERT. */
    default boolean supportsCopy() {
        return false;
    }

    /** Binds one normalized value (see ValueNormalizer) for the target column. */
    void bind(PreparedStatement statement, int index, Object value, ColumnDef column, ZoneId timeZone) throws SQLException;

    /** True when retrying later may succeed: connection lost, database restarting, deadlock. */
    boolean isTransient(SQLException e);
}
