package io.tributary.connect.jdbc.source;

import io.tributary.connect.jdbc.dialect.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * When the oldest transaction still open on the database began, and the database's clock: what an
 * incremental read must not pass, since that transaction may yet commit rows below what later
 * transactions committed. Where the database cannot tell, or the user may not see other users'
 * transactions, it says so once (a warning naming the privilege) and reports none open.
 */
public final class TransactionHorizon {
    private static final Logger log = LoggerFactory.getLogger(TransactionHorizon.class);

    /**
     * The database's clock, the start of its oldest open transaction (null when none is open or unknown),
     * and whether the list it came from is at least as new as the asking connection's transaction.
     */
    public record Reading(Instant now, Instant oldestOpen, boolean fresh) {
    }

    /** Makes each query's marker unique in this JVM; the random part, across workers. */
    private static final java.util.concurrent.atomic.AtomicLong MARKERS = new java.util.concurrent.atomic.AtomicLong();

    private final Dialect dialect;
    private final ZoneId zone;
    private final String source;
    private Boolean usable;

    /** {@code zone}: of the database's timestamps without a zone (db.timezone); {@code source} names the reader in logs. */
    public TransactionHorizon(Dialect dialect, ZoneId zone, String source) {
        this.dialect = dialect;
        this.zone = zone;
        this.source = source;
    }

    /** True once the database has shown it can tell (checked on first use). */
    public boolean usable(Connection conn) throws SQLException {
        if (usable == null) {
            if (dialect.openTransactionsQuery("probe") == null) {
                log.warn("{}: the {} dialect cannot see open transactions, so incremental reads are bounded by "
                        + "timestamp.delay.interval.ms only: rows a long transaction commits late below what was read "
                        + "are missed", source, dialect.name());
                usable = false;
            } else if (!dialect.seesAllTransactions(conn)) {
                log.warn("{}: this user cannot see other users' open transactions, so incremental reads are bounded by "
                        + "timestamp.delay.interval.ms only and may miss rows that commit late; grant {} to read "
                        + "without that risk", source, dialect.openTransactionsPrivilege());
                usable = false;
            } else {
                usable = true;
            }
        }
        return usable;
    }

    /** The clock, and the oldest open transaction's start when {@link #usable}. */
    public Reading read(Connection conn) throws SQLException {
        String query = dialect.openTransactionsQuery("tributary" + Long.toString(MARKERS.incrementAndGet(), 36)
                + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
        if (query == null) {
            return new Reading(Instant.now(), null, true);
        }
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            Instant oldest = instant(rs, 1);
            Instant now = instant(rs, 2);
            boolean usable = usable(conn);
            boolean fresh = !usable || rs.getMetaData().getColumnCount() < 3 || rs.getBoolean(3);
            return new Reading(now, usable ? oldest : null, fresh);
        }
    }

    /** A timestamp of the database: with a zone (PostgreSQL's timestamptz), or local in {@code db.timezone} (MariaDB). */
    private Instant instant(ResultSet rs, int index) throws SQLException {
        if (rs.getObject(index) == null) {
            return null;
        }
        String type = rs.getMetaData().getColumnTypeName(index).toLowerCase(Locale.ROOT);
        if (type.contains("tz") || type.contains("time zone")) {
            return rs.getObject(index, OffsetDateTime.class).toInstant();
        }
        return rs.getObject(index, LocalDateTime.class).atZone(zone).toInstant();
    }
}
