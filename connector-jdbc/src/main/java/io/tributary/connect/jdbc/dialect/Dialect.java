package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.types.ColumnReader;
import io.tributary.connect.jdbc.types.ColumnSpec;
import io.tributary.connect.jdbc.types.ReadOptions;
import org.apache.kafka.connect.data.Schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

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
     * Driver properties that bound how long opening a connection may take (connect, login, first
     * answer), for checks that must not hang on a host that never answers.
     */
    default Map<String, String> connectTimeoutProperties(int seconds) {
        return Map.of();
    }

    /**
     * Driver properties that name a connection to the database's own views of its sessions (PostgreSQL's
     * pg_stat_activity.application_name), so an operator sees which connector and task holds it.
     */
    /**
     * How the JDBC source names its connections (then the connector and the task): sessions that only read,
     * which never commit a row, so {@link #openTransactionsQuery} leaves them out. Otherwise one task's open
     * chunk would hold every other task's reads back.
     */
    String READER_SESSION_PREFIX = "tributary-jdbc-source-";

    default Map<String, String> applicationNameProperties(String name) {
        return Map.of();
    }

    /**
     * Quotes one identifier so it is taken literally. Refuses names that no database holds (empty,
     * NUL) with a DataException naming the identifier; {@link #identifierLimit} says how long one may be.
     */
    String quote(String identifier);

    String qualified(TableId table);

    /** MariaDB and MySQL call a schema a database, and JDBC reports it as the catalog. */
    boolean schemaIsCatalog();

    /**
     * The schema (MariaDB: database) that names without one resolve to on this connection, or null when
     * there is none. The sink reads it once and names every table with it.
     */
    String currentSchema(Connection conn) throws SQLException;

    /** True where tables must be named with a schema, so that a connection without one cannot be written through. */
    default boolean requiresSchema() {
        return true;
    }

    /** True for schemas the database keeps for itself (pg_catalog, information_schema, mysql...). */
    boolean isSystemSchema(String schema);

    /** How long a name may be on this connection, counted as the database counts it. */
    IdentifierLimit identifierLimit(Connection conn) throws SQLException;

    /** The column type {@code auto.create} and {@code auto.evolve} use for a Connect schema. */
    String columnType(Schema schema, boolean primaryKey);

    String createTable(TableId table, List<ColumnSpec> fields);

    List<String> addColumns(TableId table, List<ColumnSpec> fields);

    String insert(TableId table, List<String> columns, int rows);

    /** True when {@link #upsert} can spell an insert-or-update for this database. */
    boolean supportsUpsert();

    /** Insert-or-update by key, or null when the database has no upsert. */
    String upsert(TableId table, List<String> columns, List<String> keyColumns, int rows);

    /** Insert, leaving rows whose key already exists untouched (idempotent re-delivery). */
    String insertIgnoringDuplicates(TableId table, List<String> columns, List<String> keyColumns, int rows);

    String update(TableId table, List<String> columns, List<String> keyColumns);

    String delete(TableId table, List<String> keyColumns);

    /**
     * A query that finds a row equal to the bound values in every one of {@code columns} (nulls equal),
     * bound in that order; key columns compare with '=' so that the key's index finds the row.
     */
    String selectSameRow(TableId table, List<String> columns, List<String> keyColumns);

    /** The most bind parameters one statement may hold. */
    int maxBindParameters();

    /** True for PostgreSQL, whose COPY protocol loads batches far faster than INSERT. */
    default boolean supportsCopy() {
        return false;
    }

    /** Binds one normalized value (see ValueNormalizer) for the target column. */
    void bind(PreparedStatement statement, int index, Object value, ColumnDef column, ZoneId timeZone) throws SQLException;

    /**
     * How the source reads a column of a result: the Connect schema it gets and the reader of its values,
     * or null when the column's type has no Connect form. {@code conn} answers questions about user-defined
     * types (PostgreSQL enums).
     */
    ColumnReader columnReader(Connection conn, ColumnDef column, ReadOptions options) throws SQLException;

    /**
     * A timestamp as a query parameter compared with the column: with its offset for a column with a zone,
     * else as the local date-time in {@code zone}.
     */
    default Object timestampParameter(Instant at, ColumnDef column, ZoneId zone) {
        if (column != null && column.isTimestampWithZone()) {
            return at.atOffset(java.time.ZoneOffset.UTC);
        }
        return java.time.LocalDateTime.ofInstant(at, zone);
    }

    /** The clause that ends a query after {@code rows} rows (ANSI: FETCH FIRST n ROWS ONLY). */
    default String limitClause(int rows) {
        return " FETCH FIRST " + rows + " ROWS ONLY";
    }

    /**
     * A query answering, in one row, when the oldest transaction still open on this database began
     * (null when none is open; the asking connection's own and the JDBC source's readers, named
     * {@link #READER_SESSION_PREFIX}, excluded) and what time the database's clock
     * says now, both as the database's timestamps, and optionally a third column, whether the list of
     * transactions is at least as new as the asking connection's own open transaction (false: ask again);
     * null when this database cannot tell. {@code marker} (letters and digits) is unique to the call: a query
     * that reads a cached list can look for its own statement there by it.
     */
    default String openTransactionsQuery(String marker) {
        return null;
    }

    /**
     * A statement that begins the reading transaction at once, so that it is already listed among the open
     * transactions when {@link #openTransactionsQuery} checks its list is new enough; null where reads need none.
     */
    default String beginReadStatement() {
        return null;
    }

    /**
     * How stale {@link #openTransactionsQuery} may be: a transaction younger than this may not show yet
     * (MariaDB refreshes information_schema.innodb_trx from a cache at most every 100 ms).
     */
    default long openTransactionsLagMs() {
        return 0;
    }

    /** The privilege {@link #openTransactionsQuery} needs to see other users' transactions, for the warning without it. */
    default String openTransactionsPrivilege() {
        return null;
    }

    /**
     * True when the connection may see every user's transactions; false when it sees only its own user's.
     * Dialects without {@link #openTransactionsQuery} answer false.
     */
    default boolean seesAllTransactions(Connection conn) throws SQLException {
        return false;
    }

    /** True when retrying later may succeed: connection lost, database restarting, deadlock. */
    boolean isTransient(SQLException e);

    /** True when the database refused a row because its key (primary or unique) is taken. */
    boolean isUniqueViolation(SQLException e);
}
