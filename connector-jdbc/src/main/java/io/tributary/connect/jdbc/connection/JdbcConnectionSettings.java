package io.tributary.connect.jdbc.connection;

import io.tributary.connect.common.config.CredentialMask;
import org.apache.kafka.common.config.types.Password;

/** Where a database is and how to log in: the values of {@link JdbcConnectionConfig}'s keys. */
public record JdbcConnectionSettings(String url, String user, Password password, int poolSize, String dialectName) {
    @Override
    public String toString() {
        // Never the password, and the URL with any credentials in it masked.
        return CredentialMask.url(url) + (user == null || user.isEmpty() ? "" : " as " + user);
    }
}
