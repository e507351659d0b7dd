package io.tributary.connect.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A shop's inventory table that keeps changing: stock moves, price changes and, now and then, a new
 * SKU, each stamping updated_at with the database's clock (the JDBC source reads it in
 * timestamp+incrementing mode). SQLite by default (WAL, so the source's reads never block these
 * writes), or PostgreSQL or MariaDB at the demo's --jdbc-url.
 */
final class InventorySimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InventorySimulator.class);
    static final String TABLE = "inventory";
    private static final int FIRST_SKUS = 40;
    private static final String[] PRODUCTS = {"espresso beans", "oat milk", "croissant", "green tea", "dark chocolate",
        "sourdough loaf", "olive oil", "sparkling water"};

    private final String url;
    private final String user;
    private final String password;
    private final String now;
    private final Random random = new Random();
    private final AtomicLong changes = new AtomicLong();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "inventory-simulator");
        t.setDaemon(true);
        return t;
    });
    private Connection conn;
    private int skus;

    InventorySimulator(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.now = url.startsWith("jdbc:sqlite:") ? "strftime('%Y-%m-%d %H:%M:%f', 'now')"
                : url.startsWith("jdbc:postgresql:") ? "clock_timestamp()" : "NOW(3)";
    }

    /** Creates and fills the table when it is not there, then changes it a few times a second. */
    void start() throws SQLException {
        conn = DriverManager.getConnection(url, user.isEmpty() ? null : user, password.isEmpty() ? null : password);
        try (Statement st = conn.createStatement()) {
            if (url.startsWith("jdbc:sqlite:")) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA busy_timeout=5000");
                st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id INTEGER PRIMARY KEY AUTOINCREMENT, sku TEXT NOT NULL, "
                        + "product TEXT NOT NULL, qty INTEGER NOT NULL, price REAL NOT NULL, updated_at TIMESTAMP NOT NULL "
                        + "DEFAULT (" + now + "))");
            } else if (url.startsWith("jdbc:postgresql:")) {
                st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id BIGSERIAL PRIMARY KEY, sku TEXT NOT NULL, "
                        + "product TEXT NOT NULL, qty INTEGER NOT NULL, price NUMERIC(10,2) NOT NULL, "
                        + "updated_at TIMESTAMP(3) NOT NULL DEFAULT clock_timestamp())");
            } else {
                st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, sku VARCHAR(32) "
                        + "NOT NULL, product VARCHAR(64) NOT NULL, qty INT NOT NULL, price DECIMAL(10,2) NOT NULL, "
                        + "updated_at DATETIME(3) NOT NULL DEFAULT NOW(3))");
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + TABLE)) {
                rs.next();
                skus = rs.getInt(1);
            }
        }
        while (skus < FIRST_SKUS) {
            addSku();
        }
        ticker.scheduleAtFixedRate(this::tick, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** Rows written so far: SKUs added, stock moves and price changes. */
    long changes() {
        return changes.get();
    }

    private void tick() {
        try {
            double r = random.nextDouble();
            if (r < 0.05) {
                addSku();
                return;
            }
            int id = 1 + random.nextInt(skus);
            String set = r < 0.75 ? "qty = CASE WHEN qty + ? < 0 THEN 0 ELSE qty + ? END"
                    : "price = CASE WHEN price + ? < 0.5 THEN price ELSE price + ? END";
            try (PreparedStatement ps = conn.prepareStatement("UPDATE " + TABLE + " SET " + set + ", updated_at = " + now
                    + " WHERE id = ?")) {
                if (r < 0.75) {
                    int delta = random.nextInt(21) - 12;
                    ps.setInt(1, delta);
                    ps.setInt(2, delta);
                } else {
                    java.math.BigDecimal delta = java.math.BigDecimal.valueOf(random.nextInt(21) - 10, 2);
                    ps.setBigDecimal(1, delta);
                    ps.setBigDecimal(2, delta);
                }
                ps.setInt(3, id);
                changes.addAndGet(ps.executeUpdate());
            }
        } catch (SQLException e) {
            log.warn("inventory change failed: {}", e.getMessage());
        }
    }

    private void addSku() throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + TABLE + " (sku, product, qty, price) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, String.format(Locale.ROOT, "SKU-%05d", skus + 1));
            ps.setString(2, PRODUCTS[skus % PRODUCTS.length]);
            ps.setInt(3, 20 + random.nextInt(200));
            ps.setBigDecimal(4, java.math.BigDecimal.valueOf(100 + random.nextInt(2000), 2));
            ps.executeUpdate();
            skus++;
            changes.incrementAndGet();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            if (conn != null) {
                conn.close();
            }
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
