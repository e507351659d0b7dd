package io.tributary.connect.jdbc;

import io.tributary.connect.jdbc.JdbcSinkConfig.InsertMode;
import io.tributary.connect.jdbc.JdbcSinkConfig.PkMode;
import io.tributary.connect.jdbc.JdbcSinkConfig.WriteMethod;
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
    private static final int CONNECT_TIMEOUT_SECONDS = 5;

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
        if (mode == InsertMode.UPSERT && dialect.upsert(new io.tributary.connect.jdbc.db.TableId(null, "t"),
                List.of("k", "v"), List.of("k"), 1) == null) {
            error(JdbcSinkConfig.INSERT_MODE, "the " + dialect.name() + " dialect has no upsert; use insert or update, "
                    + "or set dialect.name to the database's dialect");
        }
        checkConnection(config, dialect);
    }

    /**
     * Opens one connection and asks whether it is valid. Driver timeout properties differ in name and
     * unit between drivers, so the attempt runs on its own thread and is abandoned after a deadline.
     */
    private void checkConnection(JdbcSinkConfig config, Dialect dialect) {
        Properties info = new Properties();
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
            Future<Boolean> valid = probe.submit(() -> {
                try (Connection conn = open(dialect, url, info)) {
                    return conn.isValid(CONNECT_TIMEOUT_SECONDS);
                }
            });
            if (!valid.get(CONNECT_TIMEOUT_SECONDS * 2L, TimeUnit.SECONDS)) {
                error(JdbcSinkConfig.CONNECTION_URL, "the database at this URL did not answer a validity check");
            }
        } catch (TimeoutException e) {
            error(JdbcSinkConfig.CONNECTION_URL, "cannot connect: no answer within " + CONNECT_TIMEOUT_SECONDS * 2
                    + " s; check the host and port in connection.url and that the database accepts connections from Connect");
        } catch (ExecutionException e) {
            // The driver's message names what is wrong with the URL or login; it never holds the password.
            error(JdbcSinkConfig.CONNECTION_URL, "cannot connect: " + e.getCause().getMessage() + "; check the host, port "
                    + "and database in connection.url and the credentials in connection.user / connection.password");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            probe.shutdownNow();
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
            throw new SQLException("the " + dialect.name() + " driver does not accept the URL " + url);
        }
        return conn;
    }

    private void error(String key, String message) {
        ConfigErrors.add(values, key, message);
    }
}
