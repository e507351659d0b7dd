package io.tributary.connect.jdbc;

import io.tributary.connect.common.config.ConfigErrors;
import io.tributary.connect.jdbc.JdbcSourceConfig.Mode;
import io.tributary.connect.jdbc.connection.ConnectionCheck;
import io.tributary.connect.jdbc.connection.ConnectionDiagnosis;
import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.dialect.Dialect;
import io.tributary.connect.jdbc.dialect.Dialects;
import io.tributary.connect.jdbc.source.ReadPlanner;
import io.tributary.connect.jdbc.source.TableLister;
import io.tributary.connect.jdbc.source.TableSelector;
import org.apache.kafka.common.config.ConfigValue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What validate checks beyond single keys: the mode's columns are named, the query and the table
 * lists are not both given, the database answers, the lists select tables, and every selected table
 * (or the query) has the tracking columns, of the right types. Each error is put on the key to change.
 */
final class JdbcSourceConfigValidator {
    private final Map<String, String> props;
    private final List<ConfigValue> values;

    JdbcSourceConfigValidator(Map<String, String> props, List<ConfigValue> values) {
        this.props = props;
        this.values = values;
    }

    void validate() {
        if (values.stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
            return; // one mistake at a time: the checks below read keys that may not parse yet
        }
        JdbcSourceConfig config = new JdbcSourceConfig(props);
        Mode mode = config.mode();
        if (config.query() != null && (!config.tableIncludes().isEmpty() || !config.tableExcludes().isEmpty())) {
            error(JdbcSourceConfig.QUERY, "query reads instead of tables: leave table.include.list and table.exclude.list "
                    + "empty, or remove query");
        }
        if (config.query() != null && mode.usesIncrementing() && config.incrementingColumn().isEmpty()) {
            error(JdbcSourceConfig.INCREMENTING_COLUMN, "mode=" + mode.configValue() + " with a query needs the query's "
                    + "incrementing column named in incrementing.column.name");
        }
        if (mode.usesTimestamp() && config.timestampColumns().isEmpty()) {
            error(JdbcSourceConfig.TIMESTAMP_COLUMNS, "mode=" + mode.configValue() + " needs timestamp.column.name, such as "
                    + "updated_at");
        }
        if (config.tableTypes().isEmpty()) {
            error(JdbcSourceConfig.TABLE_TYPES, "list at least one table type, such as TABLE");
        }
        Dialect dialect;
        try {
            dialect = Dialects.find(config.connection().dialectName(), config.connection().url());
        } catch (IllegalArgumentException e) {
            error(JdbcSourceConfig.DIALECT_NAME, e.getMessage());
            return;
        }
        if (values.stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
            return;
        }
        ConnectionDiagnosis diagnosis = ConnectionCheck.run(config.connection(), dialect, conn -> {
            if (config.query() != null) {
                checkQuery(conn, config, dialect);
            } else {
                checkTables(conn, config, dialect);
            }
            return null;
        });
        if (diagnosis != null) {
            ConnectionCheck.report(diagnosis, values);
        }
    }

    /** The query runs (with no rows asked for) and returns the tracking columns. */
    private void checkQuery(Connection conn, JdbcSourceConfig config, Dialect dialect) throws SQLException {
        List<String> needed = new ArrayList<>();
        if (config.mode().usesIncrementing()) {
            needed.add(config.incrementingColumn());
        }
        if (config.mode().usesTimestamp()) {
            needed.addAll(config.timestampColumns());
        }
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM (" + config.query() + ") tributary_query WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(ColumnDef.of(md, i).name());
            }
            for (String column : needed) {
                if (!columns.contains(column)) {
                    error(column.equals(config.incrementingColumn()) ? JdbcSourceConfig.INCREMENTING_COLUMN
                            : JdbcSourceConfig.TIMESTAMP_COLUMNS, "the query returns no column " + column + "; it returns "
                            + columns);
                }
            }
        } catch (SQLException e) {
            if (dialect.isTransient(e)) {
                throw e;
            }
            error(JdbcSourceConfig.QUERY, "the database refuses the query: " + e.getMessage());
        }
    }

    /** The lists select tables, and each can be read in the mode. */
    private void checkTables(Connection conn, JdbcSourceConfig config, Dialect dialect) throws SQLException {
        List<TableId> tables = new TableLister(dialect, config.schemaPattern(), config.tableTypes(),
                new TableSelector(config.tableIncludes(), config.tableExcludes())).list(conn);
        if (tables.isEmpty()) {
            List<TableId> all = new TableLister(dialect, config.schemaPattern(), config.tableTypes(),
                    new TableSelector(List.of(), List.of())).list(conn);
            error(JdbcSourceConfig.TABLE_INCLUDE_LIST, "selects no table of " + (config.schemaPattern() == null
                    ? "the connection's current schema" : "schema.pattern " + config.schemaPattern()) + " (tables there: "
                    + (all.size() > 20 ? all.subList(0, 20) + "..." : all) + "); patterns match whole names, as in "
                    + "inventory or retail\\.orders_.*");
            return;
        }
        ReadPlanner planner = new ReadPlanner(config, dialect);
        for (TableId table : tables) {
            ReadPlanner.Outcome outcome = planner.plan(conn, table);
            if (outcome.problem() != null) {
                error(outcome.problem().contains("timestamp.column.name") ? JdbcSourceConfig.TIMESTAMP_COLUMNS
                        : JdbcSourceConfig.INCREMENTING_COLUMN, outcome.problem() + "; or leave the table out with "
                        + "table.exclude.list");
            }
        }
    }

    private void error(String key, String message) {
        ConfigErrors.add(values, key, message);
    }
}
