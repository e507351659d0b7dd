package io.tributary.connect.jdbc.connection;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.jdbc.dialect.Dialects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The keys that reach a database, the same for every JDBC connector of the pack: each connector's
 * config defines them through {@link #define} and reads them back as {@link JdbcConnectionSettings}.
 */
public final class JdbcConnectionConfig {
    public static final String CONNECTION_URL = "connection.url";
    public static final String CONNECTION_USER = "connection.user";
    public static final String CONNECTION_PASSWORD = "connection.password";
    public static final String CONNECTION_POOL_SIZE = "connection.pool.size";
    public static final String DIALECT_NAME = "dialect.name";

    private JdbcConnectionConfig() {
    }

    /**
     * Defines the "Connection" group. {@code urlDoc} says what the connector does with the URL's
     * database and schema; {@code poolDoc} why the pool is as large as its default.
     */
    public static ConfigDefBuilder define(ConfigDefBuilder b, String urlDoc, int defaultPoolSize, String poolDoc) {
        return b.group("Connection")
                .defineRequired(CONNECTION_URL, Type.STRING,
                        Validators.startsWith("use a JDBC URL such as jdbc:postgresql://host:5432/db, "
                                + "jdbc:mariadb://host:3306/db or jdbc:sqlite:/path/file.db", "jdbc:"),
                        Importance.HIGH, urlDoc + " Keep the password in connection.password, not in the URL: the "
                                + "connector masks credentials in the URLs it logs, but the worker's REST API shows the "
                                + "URL as given.", "JDBC URL")
                .define(CONNECTION_USER, Type.STRING, null, null, Importance.HIGH,
                        "Database user; leave empty when the URL or the database's trust settings name it.", "User")
                .define(CONNECTION_PASSWORD, Type.PASSWORD, null, null, Importance.HIGH,
                        "Database password. Stored as a Connect password: never logged; use a config provider "
                                + "(${file:...} or ${env:...}) to keep it out of the connector config.", "Password")
                .define(CONNECTION_POOL_SIZE, Type.INT, defaultPoolSize, ConfigDef.Range.between(1, 32), Importance.LOW,
                        "Connections each task keeps open (HikariCP pool). " + poolDoc, "Pool size")
                .define(DIALECT_NAME, Type.STRING, Dialects.AUTO, Validators.oneOfIgnoreCase(
                                Dialects.AUTO, "postgresql", "mariadb", "sqlite", "generic"), Importance.LOW,
                        "SQL dialect. 'auto' picks it from the URL (postgresql, mariadb/mysql, sqlite) and falls back "
                                + "to 'generic' ANSI SQL through DriverManager.", "Dialect");
    }

    /** The connection settings of a parsed config. */
    public static JdbcConnectionSettings settings(AbstractConfig c) {
        return new JdbcConnectionSettings(c.getString(CONNECTION_URL).trim(), c.getString(CONNECTION_USER),
                c.getPassword(CONNECTION_PASSWORD), c.getInt(CONNECTION_POOL_SIZE), c.getString(DIALECT_NAME));
    }

    /** The key a diagnosis points at. */
    public static String key(ConnectionDiagnosis.Setting setting) {
        return switch (setting) {
            case URL -> CONNECTION_URL;
            case USER -> CONNECTION_USER;
            case PASSWORD -> CONNECTION_PASSWORD;
        };
    }
}
