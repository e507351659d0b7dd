package io.tributary.connect.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDBC source scenario's PostgreSQL tables: inventory movements, one row per id, a millisecond
 * apart from 2026-01-01 UTC, with the (timestamp, id) index a timestamp+incrementing read uses.
 * Made with generate_series, so filling a million rows costs seconds, not a client loop.
 */
final class RetailTables {
    static final String COLUMNS = "id, sku, store, qty, price, note, updated_at";
    /** The first row's {@code updated_at}; row {@code g} is {@code g} ms later. */
    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private final Postgres pg;

    RetailTables(Postgres pg) {
        this.pg = pg;
    }

    /** {@code count} tables {@code <prefix>_<i>}, each holding ids 1..rows; returns their names. */
    List<String> create(String prefix, int count, long rows) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String table = prefix + "_" + i;
            pg.execute("DROP TABLE IF EXISTS " + table,
                    "CREATE TABLE " + table + " (id bigint PRIMARY KEY, sku text NOT NULL, store int NOT NULL, "
                            + "qty int NOT NULL, price numeric(10,2) NOT NULL, note text, updated_at timestamp(3) NOT NULL)",
                    "INSERT INTO " + table + " (" + COLUMNS + ") SELECT g, 'SKU-' || lpad((g % 100000)::text, 6, '0'), "
                            + "(g % 50)::int, (g % 97)::int, ((g % 100000) / 100.0)::numeric(10,2), "
                            + "CASE WHEN g % 3 = 0 THEN NULL ELSE 'restock from warehouse ' || (g % 7) END, "
                            + "timestamp '2026-01-01 00:00:00' + g * interval '1 millisecond' "
                            + "FROM generate_series(1, " + rows + ") g",
                    "CREATE INDEX ON " + table + " (updated_at, id)",
                    "VACUUM ANALYZE " + table);
            names.add(table);
        }
        return names;
    }

    /** The {@code updated_at} of row {@code id}, in epoch ms (the timestamps are UTC). */
    static long updatedAtMs(long id) {
        return BASE.toEpochMilli() + id;
    }

    void drop(List<String> tables) {
        for (String table : tables) {
            try {
                pg.execute("DROP TABLE IF EXISTS " + table);
            } catch (IllegalStateException e) {
                System.out.println("  (could not drop " + table + ": " + e.getMessage() + ")");
            }
        }
    }
}
