package io.tributary.connect.jdbc.connection;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.connect.jdbc.dialect.Dialect;
import org.apache.kafka.common.config.types.Password;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A HikariCP pool per task. The driver class is loaded by name from the plugin's own classloader
 * (DriverManager would not see drivers inside an isolated plugin). Creating the pool never fails
 * because the database is down: the first write finds out and retries. Where the database shows it,
 * each connection carries the pool's name (connector and task) as its application name.
 */
public final class PooledDataSource implements AutoCloseable {
    private final HikariDataSource pool;

    public PooledDataSource(Dialect dialect, JdbcConnectionSettings settings, String poolName) {
        String user = settings.user();
        Password password = settings.password();
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(dialect.driverUrl(settings.url()));
        if (dialect.driverClass() != null) {
            config.setDriverClassName(dialect.driverClass());
        }
        if (user != null && !user.isEmpty()) {
            config.setUsername(user);
        }
        if (password != null && password.value() != null) {
            config.setPassword(password.value());
        }
        dialect.applicationNameProperties(poolName).forEach(config::addDataSourceProperty);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(0);
        config.setAutoCommit(false);
        config.setConnectionTimeout(10_000);
        config.setValidationTimeout(3_000);
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }
}
