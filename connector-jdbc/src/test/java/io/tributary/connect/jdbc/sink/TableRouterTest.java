package io.tributary.connect.jdbc.sink;

import io.tributary.connect.common.template.SinkRecordResolver;
import io.tributary.connect.common.template.Template;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.dialect.PostgresDialect;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableRouterTest {
    private static TableRouter router(String format, Map<String, String> mapping) {
        return new TableRouter(Template.parse(format, SinkRecordResolver.ROOTS), mapping, new PostgresDialect());
    }

    private static SinkRecord record(String topic, Object value) {
        return new SinkRecord(topic, 0, null, null, null, value, 0);
    }

    @Test
    void topicDotsBecomeUnderscoresAndALiteralDotNamesTheSchema() {
        assertEquals(new TableId(null, "shop_orders"), router("${topic}", Map.of()).route(record("shop.orders", Map.of())));
        assertEquals(new TableId("retail", "shop_orders"),
                router("retail.${topic}", Map.of()).route(record("shop.orders", Map.of())));
        assertEquals(new TableId("a", "b"), router("${topic}", Map.of("shop.orders", "a.b")).route(record("shop.orders", null)));
        assertFalse(router("${topic}", Map.of()).readsValue(record("shop.orders", null)));
    }

    @Test
    void valueFieldsRouteAndAMissingOneIsABadRecordNotAnEmptyName() {
        TableRouter bySource = router("${value.source.table}", Map.of());
        assertTrue(bySource.readsValue(record("t", null)));
        assertFalse(router("${value.source.table}", Map.of("t", "mapped")).readsValue(record("t", null)),
                "a mapped topic's tombstones have their table");
        assertEquals(new TableId(null, "items"), bySource.route(record("t", Map.of("source", Map.of("table", "items")))));
        DataException e = assertThrows(DataException.class, () -> bySource.route(record("t", Map.of("after", Map.of()))));
        assertTrue(e.getMessage().contains("table.name.format"), e.getMessage());
        assertThrows(DataException.class, () -> router("${value.db}.${topic}", Map.of()).route(record("t", Map.of())));
        assertThrows(IllegalArgumentException.class, () -> router("a.b.${topic}", Map.of()));
    }

    @Test
    void whatARecordSubstitutesIsOneNameAndNeverASchema() {
        TableRouter byField = router("${value.tbl}", Map.of());
        assertEquals(new TableId(null, "victim.t"), byField.route(record("t", Map.of("tbl", "victim.t"))),
                "the dot a record brings is part of the table's name");
        assertEquals(new TableId("retail", "orders_victim.t"),
                router("retail.orders_${value.tbl}", Map.of()).route(record("t", Map.of("tbl", "victim.t"))));
        assertEquals(new TableId("sales", "orders"),
                router("${value.db}.orders", Map.of()).route(record("t", Map.of("db", "sales"))),
                "a literal dot in the format lets the user take the schema from the record");
    }

    @Test
    void aSystemSchemaIsNeverChosenByARecordButMayBeNamedByTheConfig() {
        DataException e = assertThrows(DataException.class,
                () -> router("${value.db}.orders", Map.of()).route(record("t", Map.of("db", "pg_catalog"))));
        assertTrue(e.getMessage().contains("pg_catalog.orders") && e.getMessage().contains("system schema"), e.getMessage());
        assertThrows(DataException.class, () -> router("${value.db}.orders", Map.of()).route(record("t", Map.of("db", "PG_TOAST"))));
        assertEquals(new TableId("pg_catalog", "t"), router("pg_catalog.${topic}", Map.of()).route(record("t", Map.of())));
        assertEquals(new TableId("information_schema", "x"),
                router("${topic}", Map.of("t", "information_schema.x")).route(record("t", Map.of())));
        DataException empty = assertThrows(DataException.class,
                () -> router("${value.db}.orders", Map.of()).route(record("t", Map.of("db", ""))));
        assertTrue(empty.getMessage().contains("no schema name") && empty.getMessage().contains("'.orders'"), empty.getMessage());
    }
}
