package io.tributary.connect.jdbc.connection;

import io.tributary.connect.jdbc.connection.ConnectionDiagnosis.Setting;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drivers' failures as they wrap them, read into the setting to change. */
class ConnectionDiagnosisTest {
    private static final String URL = "jdbc:postgresql://db:5432/shop?password=hunter2";

    private static ConnectionDiagnosis of(Throwable t) {
        return ConnectionDiagnosis.of(t, URL, "app", 10);
    }

    @Test
    void networkFailuresPointAtTheUrl() {
        ConnectionDiagnosis unknown = of(new SQLException("The connection attempt failed.", "08001",
                new UnknownHostException("no-such-host.invalid")));
        assertEquals(List.of(Setting.URL), unknown.settings());
        assertTrue(unknown.message().contains("unknown host 'no-such-host.invalid'"), unknown.message());
        ConnectionDiagnosis refused = of(new SQLException("Connection to db:1 refused.", "08001",
                new ConnectException("Connection refused")));
        assertTrue(refused.message().contains("refused") && refused.message().contains("port"), refused.message());
        assertTrue(of(new SQLException("read timed out", "08006", new SocketTimeoutException("Read timed out")))
                .message().contains("no answer within 10 s"));
    }

    @Test
    void loginFailuresPointAtTheLoginSettings() {
        ConnectionDiagnosis role = of(new SQLException("FATAL: role \"nobody\" does not exist", "28000"));
        assertEquals(List.of(Setting.USER), role.settings());
        ConnectionDiagnosis password = of(new SQLException("FATAL: password authentication failed for user \"app\"", "28P01"));
        assertEquals(List.of(Setting.PASSWORD), password.settings());
        ConnectionDiagnosis denied = of(new SQLException("Access denied for user 'app'@'10.0.0.1' (using password: YES)",
                "28000", 1045));
        assertEquals(List.of(Setting.USER, Setting.PASSWORD), denied.settings());
        ConnectionDiagnosis database = of(new SQLException("FATAL: database \"shopp\" does not exist", "3D000"));
        assertEquals(List.of(Setting.URL), database.settings());
        assertTrue(database.message().contains("database does not exist"), database.message());
    }

    @Test
    void aMessageThatQuotesTheUrlHasItsCredentialsMasked() {
        ConnectionDiagnosis d = of(new SQLException("No suitable driver for " + URL));
        assertFalse(d.message().contains("hunter2"), d.message());
        assertTrue(d.message().contains("password=****"), d.message());
    }
}
