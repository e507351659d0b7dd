package io.tributary.connect.jdbc.connection;

import io.tributary.connect.common.config.ConfigErrors;
import io.tributary.connect.common.config.CredentialMask;
import io.tributary.connect.jdbc.dialect.Dialect;
import org.apache.kafka.common.config.ConfigValue;

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
 * What {@code validate} asks of a database: open one connection with the configured URL and
 * credentials, check it is valid, and let the connector look at it (its schema, its tables). The
 * driver is told to give up by the deadline, and the attempt runs on its own thread, abandoned at
 * the deadline, for drivers that do not listen.
 */
public final class ConnectionCheck {
    public static final int TIMEOUT_SECONDS = 10;

    /** What a connector checks on the open connection: a diagnosis, or null when all is well. */
    @FunctionalInterface
    public interface Probe {
        ConnectionDiagnosis check(Connection conn) throws SQLException;
    }

    private ConnectionCheck() {
    }

    /** Null when the database answered and the probe found nothing; else why not, on the setting to change. */
    public static ConnectionDiagnosis run(JdbcConnectionSettings settings, Dialect dialect, Probe probe) {
        Properties info = new Properties();
        info.putAll(dialect.connectTimeoutProperties(TIMEOUT_SECONDS));
        if (settings.user() != null && !settings.user().isEmpty()) {
            info.setProperty("user", settings.user());
        }
        if (settings.password() != null && settings.password().value() != null) {
            info.setProperty("password", settings.password().value());
        }
        String url = dialect.driverUrl(settings.url());
        ExecutorService attempt = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tributary-jdbc-validate");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<ConnectionDiagnosis> answer = attempt.submit(() -> {
                try (Connection conn = open(dialect, url, info)) {
                    return conn.isValid(TIMEOUT_SECONDS) ? probe.check(conn) : ConnectionDiagnosis.invalid();
                }
            });
            return answer.get(TIMEOUT_SECONDS + 2L, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return ConnectionDiagnosis.timedOut(TIMEOUT_SECONDS);
        } catch (ExecutionException e) {
            return ConnectionDiagnosis.of(e.getCause(), settings.url(), settings.user(), TIMEOUT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            attempt.shutdownNow();
        }
    }

    /** Puts the diagnosis on each key it points at. */
    public static void report(ConnectionDiagnosis diagnosis, List<ConfigValue> values) {
        for (ConnectionDiagnosis.Setting setting : diagnosis.settings()) {
            ConfigErrors.add(values, JdbcConnectionConfig.key(setting), diagnosis.message());
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
            throw new SQLException("the " + dialect.name() + " driver does not accept the URL " + CredentialMask.url(url));
        }
        return conn;
    }
}
