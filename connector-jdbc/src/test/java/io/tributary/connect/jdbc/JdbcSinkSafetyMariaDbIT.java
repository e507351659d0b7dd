package io.tributary.connect.jdbc;

import io.tributary.connect.jdbc.JdbcSinkSafetyScenarios.Target;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.Map;

import static io.tributary.connect.testkit.Validation.assertError;

/** The JDBC sink's safety scenarios against the local MariaDB, where a schema is a database. */
class JdbcSinkSafetyMariaDbIT {
    private static final String CLASS = JdbcSinkConnector.class.getName();

    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    private final Target target = Target.mariadb();
    private final Database db = target.db();

    @Test
    void aRecordCannotPickTheDatabase() {
        JdbcSinkSafetyScenarios.aRecordCannotPickTheSchema(connect, target);
    }

    /** MariaDB counts its 64-character limit in characters: 64 'ü' (128 bytes) fit, 65 letters do not. */
    @Test
    void namesLongerThanTheServerHoldsAreBadRecords() {
        JdbcSinkSafetyScenarios.namesTheDatabaseCannotHoldAreBadRecords(connect, target, "a".repeat(65), "ü".repeat(64),
                "64 characters");
    }

    @Test
    void aFailedBatchLeavesTheTableAndTheOffsetsInAgreement() {
        JdbcSinkSafetyScenarios.aFailedBatchLeavesTheTableAndTheOffsetsInAgreement(connect, target);
    }

    @Test
    void reDeliveredRowsAreRecognisedNotDeadLettered() {
        JdbcSinkSafetyScenarios.reDeliveredRowsAreRecognisedNotDeadLettered(connect, target);
    }

    /**
     * Beside the unreachable cases every database shares: a refused login is reported on connection.password
     * (MariaDB does not say whether the user or the password was wrong), and the system database 'mysql' in
     * the URL, with a table name format that names no database, on connection.url.
     */
    @Test
    void validateTellsWhyTheDatabaseCannotBeReached() {
        JdbcSinkSafetyScenarios.validateTellsWhyTheDatabaseCannotBeReached(connect, target);
        String user = "tributary_pw";
        db.execute("CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY 'right-password'",
                "CREATE USER IF NOT EXISTS '" + user + "'@'localhost' IDENTIFIED BY 'right-password'");
        Map<String, String> base = JdbcSinkSafetyScenarios.validationConfig(db);

        Map<String, String> wrongPassword = new HashMap<>(base);
        wrongPassword.put("connection.user", user);
        wrongPassword.put("connection.password", "wrong-password");
        assertError(connect.validate(CLASS, wrongPassword), "connection.password", "access denied");

        Map<String, String> systemDatabase = new HashMap<>(base);
        systemDatabase.put("connection.url", db.url().replaceFirst("/[^/?]+(\\?|$)", "/mysql$1"));
        assertError(connect.validate(CLASS, systemDatabase), "connection.url", "system schema mysql");
    }
}
