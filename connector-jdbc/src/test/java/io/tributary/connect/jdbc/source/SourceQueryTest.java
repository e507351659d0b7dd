package io.tributary.connect.jdbc.source;

import io.tributary.connect.jdbc.JdbcSourceConfig.Mode;
import io.tributary.connect.jdbc.dialect.GenericDialect;
import io.tributary.connect.jdbc.dialect.MariaDbDialect;
import io.tributary.connect.jdbc.dialect.PostgresDialect;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceQueryTest {
    @Test
    void incrementingReadsAChunkAfterTheOffsetUpToTheBound() {
        SourceQuery q = SourceQuery.of(new PostgresDialect(), Mode.INCREMENTING, "\"public\".\"orders\"", "id", List.of(),
                false, true, 5000);
        assertEquals("SELECT * FROM \"public\".\"orders\" WHERE \"id\" > ? AND \"id\" <= ? ORDER BY \"id\" ASC LIMIT 5000",
                q.sql());
        assertTrue(q.limited());
    }

    @Test
    void timestampAndIncrementingOrdersByBothAndCoalescesTheTimestamps() {
        SourceQuery q = SourceQuery.of(new MariaDbDialect(), Mode.TIMESTAMP_INCREMENTING, "`shop`.`orders`", "id",
                List.of("updated_at", "created_at"), true, false, 100);
        assertEquals("SELECT * FROM `shop`.`orders` WHERE (COALESCE(`updated_at`, `created_at`) > ? OR "
                + "(COALESCE(`updated_at`, `created_at`) = ? AND `id` > ?)) AND COALESCE(`updated_at`, `created_at`) < ? "
                + "ORDER BY COALESCE(`updated_at`, `created_at`) ASC, `id` ASC LIMIT 100", q.sql());
    }

    @Test
    void timestampAloneIsNotChunkedAsRowsOfOneTimestampHaveNoOrder() {
        SourceQuery q = SourceQuery.of(new GenericDialect(), Mode.TIMESTAMP, "\"t\"", null, List.of("ts"), true, false, 100);
        assertEquals("SELECT * FROM \"t\" WHERE \"ts\" > ? AND \"ts\" < ? ORDER BY \"ts\" ASC", q.sql());
        assertFalse(q.limited());
    }

    @Test
    void bulkPassesReadInKeyOrderChunkAfterChunk() {
        SourceQuery first = SourceQuery.bulkChunk(new PostgresDialect(), "\"t\"", List.of("store", "sku"), false, 500);
        assertEquals("SELECT * FROM \"t\" ORDER BY \"store\" ASC, \"sku\" ASC LIMIT 500", first.sql());
        assertTrue(first.limited());
        SourceQuery next = SourceQuery.bulkChunk(new MariaDbDialect(), "`t`", List.of("store", "sku", "n"), true, 500);
        assertEquals("SELECT * FROM `t` WHERE (`store` > ?) OR (`store` = ? AND `sku` > ?) OR (`store` = ? AND `sku` = ? "
                + "AND `n` > ?) ORDER BY `store` ASC, `sku` ASC, `n` ASC LIMIT 500", next.sql());
        assertEquals(List.of(7L, 7L, "b", 7L, "b", 3L), SourceQuery.bulkChunkParameters(List.of(7L, "b", 3L)));
    }

    @Test
    void bulkOffsetsKeepTheKeyOfTheLastRowAndRefuseOtherValues() {
        Map<String, Object> key = new java.util.LinkedHashMap<>();
        key.put("store", 7L);
        key.put("sku", "b-1");
        TableOffset offset = TableOffset.bulkAfter(key);
        assertEquals(Map.of("key.store", 7L, "key.sku", "b-1"), offset.toMap());
        assertEquals(offset, TableOffset.fromMap(offset.toMap()));
        assertEquals(7L, TableOffset.fromMap(Map.of("key.store", 7)).bulkKey().get("store"), "an int from JSON widens");
        ConnectException e = assertThrows(ConnectException.class, () -> TableOffset.fromMap(Map.of("key.store", 1.5)));
        assertTrue(e.getMessage().contains("key.store"), e.getMessage());
    }

    @Test
    void hostileColumnNamesAreQuotedLiterally() {
        SourceQuery q = SourceQuery.of(new PostgresDialect(), Mode.INCREMENTING, "\"t\"", "id\"; DROP TABLE t; --",
                List.of(), false, false, 10);
        assertTrue(q.sql().contains("\"id\"\"; DROP TABLE t; --\" > ?"), q.sql());
    }

    @Test
    void offsetsKeepMicrosecondsAndRefuseWhatIsNotAnOffset() {
        Instant at = Instant.parse("2026-12-03T10:15:30.123456Z");
        TableOffset offset = new TableOffset(42L, at);
        assertEquals(offset, TableOffset.fromMap(offset.toMap()));
        assertEquals(TableOffset.START, TableOffset.fromMap(null));
        ConnectException e = assertThrows(ConnectException.class,
                () -> TableOffset.fromMap(Map.of(TableOffset.INCREMENTING, "42")));
        assertTrue(e.getMessage().contains("incrementing") && e.getMessage().contains("integer"), e.getMessage());
        assertThrows(ConnectException.class, () -> TableOffset.fromMap(Map.of(TableOffset.TIMESTAMP, 1001L,
                TableOffset.TIMESTAMP_NANOS, 5L)), "nanoseconds that contradict the milliseconds");
    }

    @Test
    void samplesBoundIncrementingReadsByTheOldestOpenTransaction() {
        IncrementingSamples samples = new IncrementingSamples();
        Instant t = Instant.parse("2026-12-03T10:00:00Z");
        assertEquals(null, samples.safeBelow(t), "no sample before it: nothing is safe yet");
        samples.add(t.plusSeconds(1), 10);
        samples.add(t.plusSeconds(2), 20);
        samples.add(t.plusSeconds(3), 30);
        assertEquals(20L, samples.safeBelow(t.plusMillis(2500)), "the latest sample before the transaction began");
        assertEquals(30L, samples.safeBelow(t.plusSeconds(4)));
        assertEquals(null, samples.safeBelow(t.plusMillis(500)));
    }
}
