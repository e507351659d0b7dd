package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.sink.SinkField;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialectSqlTest {
    private final PostgresDialect pg = new PostgresDialect();
    private final MariaDbDialect maria = new MariaDbDialect();
    private final SqliteDialect sqlite = new SqliteDialect();

    @Test
    void quotesByDoublingTheQuoteCharacter() {
        assertEquals("\"a\"\"; DROP TABLE x; --\"", pg.quote("a\"; DROP TABLE x; --"));
        assertEquals("`a``b`", maria.quote("a`b"));
        assertEquals("\"s\".\"t\"", pg.qualified(new TableId("s", "t")));
        assertThrows(ConnectException.class, () -> pg.quote("a\0b"));
        assertThrows(ConnectException.class, () -> pg.quote("x".repeat(64)));
        assertThrows(ConnectException.class, () -> maria.quote(""));
    }

    @Test
    void spellsUpsertsPerDatabase() {
        TableId t = new TableId(null, "t");
        assertEquals("INSERT INTO \"t\" (\"k\", \"v\") VALUES (?, ?), (?, ?) ON CONFLICT (\"k\") DO UPDATE SET \"v\" = EXCLUDED.\"v\"",
                pg.upsert(t, List.of("k", "v"), List.of("k"), 2));
        assertEquals("INSERT INTO `t` (`k`, `v`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `v` = VALUES(`v`)",
                maria.upsert(t, List.of("k", "v"), List.of("k"), 1));
        assertEquals("INSERT INTO `t` (`k`) VALUES (?) ON DUPLICATE KEY UPDATE `k` = `k`",
                maria.upsert(t, List.of("k"), List.of("k"), 1));
        assertTrue(sqlite.insertIgnoringDuplicates(t, List.of("k", "v"), List.of("k"), 1).endsWith("ON CONFLICT (\"k\") DO NOTHING"));
        assertEquals(null, new GenericDialect().upsert(t, List.of("k"), List.of("k"), 1));
    }

    @Test
    void mapsConnectSchemasToNativeTypes() {
        assertEquals("NUMERIC", pg.columnType(Decimal.schema(2), false));
        assertEquals("DECIMAL(65,2)", maria.columnType(Decimal.schema(2), false));
        assertEquals("TIMESTAMPTZ", pg.columnType(Timestamp.SCHEMA, false));
        assertEquals("INTEGER[]", pg.columnType(SchemaBuilder.array(Schema.INT32_SCHEMA).build(), false));
        assertEquals("JSONB", pg.columnType(SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build(), false));
        assertEquals("JSON", maria.columnType(SchemaBuilder.array(Schema.INT32_SCHEMA).build(), false));
        assertEquals("VARCHAR(255)", maria.columnType(Schema.STRING_SCHEMA, true));
        assertEquals("LONGTEXT", maria.columnType(Schema.STRING_SCHEMA, false));
        assertEquals("INTEGER", sqlite.columnType(Schema.BOOLEAN_SCHEMA, false));
        String ddl = pg.createTable(new TableId(null, "t"), List.of(new SinkField("id", Schema.INT64_SCHEMA, true),
                new SinkField("n", Schema.OPTIONAL_STRING_SCHEMA, false)));
        assertEquals("CREATE TABLE IF NOT EXISTS \"t\" (\"id\" BIGINT NOT NULL, \"n\" TEXT, PRIMARY KEY (\"id\"))", ddl);
    }

    @Test
    void picksTheDialectFromTheUrl() {
        assertEquals("postgresql", Dialects.find("auto", "jdbc:postgresql://h/db").name());
        assertEquals("mariadb", Dialects.find("auto", "jdbc:mysql://h/db").name());
        assertEquals("sqlite", Dialects.find("auto", "jdbc:sqlite:/tmp/x.db").name());
        assertEquals("generic", Dialects.find("auto", "jdbc:h2:mem:x").name());
        assertEquals("jdbc:mysql://h/db?permitMysqlScheme", maria.driverUrl("jdbc:mysql://h/db"));
    }
}
