package io.tributary.connect.jdbc.source;

import io.tributary.connect.jdbc.dialect.MariaDbDialect;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.Services;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MariaDB serves information_schema.innodb_trx from a cache that stays as it is while it is read more often than
 * every 100 ms. A reader whose previous read filled that cache finds its own connection in it: that must not pass
 * for a list taken after its new transaction began, or a transaction that began in between goes unseen and the
 * reader passes the rows it has yet to commit.
 */
class TransactionHorizonIT {
    @Test
    void aCachedListFromTheReadersPreviousReadIsNotTakenAsCurrent() throws Exception {
        Database db = Database.mariadb();
        String table = Services.uniqueName("horizon_t");
        db.execute("CREATE TABLE " + table + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, sku VARCHAR(20))");
        MariaDbDialect dialect = new MariaDbDialect();
        TransactionHorizon horizon = new TransactionHorizon(dialect, ZoneId.systemDefault(), "test");
        try (Connection reader = db.connect(); Connection slow = db.connect()) {
            reader.setAutoCommit(true);
            begin(reader, dialect);
            horizon.read(reader); // fills the cache, with the reader's transaction in it
            end(reader);
            slow.setAutoCommit(false);
            try (Statement st = slow.createStatement()) {
                st.execute("INSERT INTO " + table + " (sku) VALUES ('slow')");
            }
            begin(reader, dialect);
            TransactionHorizon.Reading reading = horizon.read(reader); // within 100 ms: the cache is as it was
            assertTrue(!reading.fresh() || reading.oldestOpen() != null,
                    "a list that does not show the open transaction passed as current: " + reading);
            end(reader);
            slow.rollback();
        } finally {
            db.execute("DROP TABLE " + table);
        }
    }

    private static void end(Connection conn) throws Exception {
        try (Statement st = conn.createStatement()) {
            st.execute("COMMIT");
        }
    }

    private static void begin(Connection conn, MariaDbDialect dialect) throws Exception {
        try (Statement st = conn.createStatement()) {
            st.execute(dialect.beginReadStatement());
        }
    }
}
