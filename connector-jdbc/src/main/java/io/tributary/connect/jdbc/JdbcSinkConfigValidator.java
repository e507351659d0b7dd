package io.tributary.connect.jdbc;

import io.tributary.connect.jdbc.JdbcSinkConfig.InsertMode;
import io.tributary.connect.jdbc.JdbcSinkConfig.PkMode;
import io.tributary.connect.jdbc.JdbcSinkConfig.WriteMethod;
import io.tributary.connect.jdbc.connection.ConnectionDiagnosis;
import io.tributary.connect.jdbc.dialect.NameRules;
import io.tributary.connect.jdbc.dialect.Dialect;
import io.tributary.connect.jdbc.dialect.Dialects;
import io.tributary.connect.common.config.ConfigErrors;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The validation no single key can do alone: combinations of modes that cannot work, and whether
 * the database answers with the given URL and credentials. Each error is put on the key to change.
 */
final class JdbcSinkConfigValidator {
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

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
            dialect = Dialects.find(config.dialectName(), config.connectionUrl());
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

    /**
     * Opens one connection, asks whether it is valid, and whether tables named without a schema would go
     * where the sink may write. The driver is told to give up by the deadline, and the attempt runs on its
     * own thread, abandoned at the deadline, for drivers that do not listen.
     */
    private void checkConnection(JdbcSinkConfig config, Dialect dialect) {
        Properties info = new Properties();
        info.putAll(dialect.connectTimeoutProperties(CONNECT_TIMEOUT_SECONDS));
        if (config.connectionUser() != null && !config.connectionUser().isEmpty()) {
            info.setProperty("user", config.connectionUser());
        }
        Password password = config.connectionPassword();
        if (password != null && password.value() != null) {
            info.setProperty("password", password.value());
        }
        String url = dialect.driverUrl(config.connectionUrl());
        ExecutorService probe = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tributary-jdbc-validate");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<ConnectionDiagnosis> answer = probe.submit(() -> {
                try (Connection conn = open(dialect, url, info)) {
                    if (!conn.isValid(CONNECT_TIMEOUT_SECONDS)) {
                        return ConnectionDiagnosis.invalid();
                    }
                    String problem = config.namesTablesWithoutSchema()
                            ? NameRules.defaultSchemaProblem(dialect, dialect.currentSchema(conn)) : null;
                    return problem == null ? null : ConnectionDiagnosis.onUrl("tables named without a schema cannot be "
                            + "written: " + problem);
                }
            });
            ConnectionDiagnosis diagnosis = answer.get(CONNECT_TIMEOUT_SECONDS + 2L, TimeUnit.SECONDS);
            if (diagnosis != null) {
                report(diagnosis);
            }
        } catch (TimeoutException e) {
            report(ConnectionDiagnosis.timedOut(CONNECT_TIMEOUT_SECONDS));
        } catch (ExecutionException e) {
            report(ConnectionDiagnosis.of(e.getCause(), config.connectionUrl(), config.connectionUser(),
                    CONNECT_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            probe.shutdownNow();
        }
    }

    private void report(ConnectionDiagnosis diagnosis) {
        for (ConnectionDiagnosis.Setting setting : diagnosis.settings()) {
            error(switch (setting) {
                case URL -> JdbcSinkConfig.CONNECTION_URL;
                case USER -> JdbcSinkConfig.CONNECTION_USER;
                case PASSWORD -> JdbcSinkConfig.CONNECTION_PASSWORD;
            }, diagnosis.message());
        }
    }

    private static Connection open(Dialect dialect, String url, Properties info) throws SQLException {
        if (dialect.driverClass() == null) {
            return DriverManager.getConnection(url, info);
        }
        Driver driver;
        try {
            driver = (Driver) Class.forName(dialect.driverClass(), true, Dialect.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new SQLException("the " + dialect.name() + " driver " + dialect.driverClass() + " is missing from the plugin", e);
        }
        Connection conn = driver.connect(url, info);
        if (conn == null) {
            throw new SQLException("the " + dialect.name() + " driver does not accept the URL "
                    + io.tributary.connect.common.config.CredentialMask.url(url));
        }
        return conn;
    }

    private void error(String key, String message) {
        ConfigErrors.add(values, key, message);
    }
}
