package io.tributary.connect.jdbc;

import io.tributary.connect.jdbc.JdbcSinkConfig.InsertMode;
import io.tributary.connect.jdbc.JdbcSinkConfig.PkMode;
import io.tributary.connect.jdbc.JdbcSinkConfig.WriteMethod;
import io.tributary.connect.jdbc.connection.ConnectionCheck;
import io.tributary.connect.jdbc.connection.ConnectionDiagnosis;
import io.tributary.connect.jdbc.dialect.NameRules;
import io.tributary.connect.jdbc.dialect.Dialect;
import io.tributary.connect.jdbc.dialect.Dialects;
import io.tributary.connect.common.config.ConfigErrors;
import org.apache.kafka.common.config.ConfigValue;

import java.util.List;

/**
 * The validation no single key can do alone: combinations of modes that cannot work, and whether
 * the database answers with the given URL and credentials. Each error is put on the key to change.
 */
final class JdbcSinkConfigValidator {
    private final java.util.Map<String, String> props;
    private final List<ConfigValue> values;

    JdbcSinkConfigValidator(java.util.Map<String, String> props, List<ConfigValue> values) {
        this.props = props;
        this.values = values;
    }

    void validate() {
        if (values.stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
            return; // one mistake at a time: cross-key checks read keys that may not parse yet
        }
        JdbcSinkConfig config = new JdbcSinkConfig(props);
        PkMode pk = config.pkMode();
        InsertMode mode = config.insertMode();
        if (mode != InsertMode.INSERT && pk == PkMode.NONE) {
            error(JdbcSinkConfig.PK_MODE, "insert.mode=" + mode.name().toLowerCase() + " needs a primary key; set pk.mode "
                    + "to record_key, record_value, record_header or kafka");
        }
        if (config.deleteEnabled() && pk != PkMode.RECORD_KEY) {
            error(JdbcSinkConfig.DELETE_ENABLED, "delete.enabled=true needs pk.mode=record_key: a tombstone carries only "
                    + "its key; set pk.mode=record_key or delete.enabled=false");
        }
        if (pk == PkMode.KAFKA && !config.pkFields().isEmpty() && config.pkFields().size() != 3) {
            error(JdbcSinkConfig.PK_FIELDS, "pk.mode=kafka takes exactly three names (topic, partition, offset "
                    + "columns) or none for the defaults");
        }
        if (pk == PkMode.RECORD_HEADER && config.pkFields().isEmpty()) {
            error(JdbcSinkConfig.PK_FIELDS, "pk.mode=record_header needs pk.fields to name the headers that form the key");
        }
        Dialect dialect;
        try {
            dialect = Dialects.find(config.connection().dialectName(), config.connection().url());
        } catch (IllegalArgumentException e) {
            error(JdbcSinkConfig.DIALECT_NAME, e.getMessage());
            return;
        }
        if (config.writeMethod() == WriteMethod.COPY && !dialect.supportsCopy()) {
            error(JdbcSinkConfig.WRITE_METHOD, "write.method=copy needs PostgreSQL; the " + dialect.name()
                    + " dialect writes with multi_row or batch (or leave it at auto)");
        }
        if (mode == InsertMode.UPSERT && !dialect.supportsUpsert()) {
            error(JdbcSinkConfig.INSERT_MODE, "the " + dialect.name() + " dialect has no upsert; use insert or update, "
                    + "or set dialect.name to the database's dialect");
        }
        checkConnection(config, dialect);
    }

    /** Whether the database answers, and whether tables named without a schema would go where the sink may write. */
    private void checkConnection(JdbcSinkConfig config, Dialect dialect) {
        ConnectionDiagnosis diagnosis = ConnectionCheck.run(config.connection(), dialect, conn -> {
            String problem = config.namesTablesWithoutSchema()
                    ? NameRules.defaultSchemaProblem(dialect, dialect.currentSchema(conn)) : null;
            return problem == null ? null : ConnectionDiagnosis.onUrl("tables named without a schema cannot be written: "
                    + problem);
        });
        if (diagnosis != null) {
            ConnectionCheck.report(diagnosis, values);
        }
    }

    private void error(String key, String message) {
        ConfigErrors.add(values, key, message);
    }
}
