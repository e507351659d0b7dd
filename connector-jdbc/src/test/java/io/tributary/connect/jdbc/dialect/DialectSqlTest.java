package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.types.ColumnSpec;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
        assertThrows(DataException.class, () -> pg.quote("a\0b"));
        assertThrows(DataException.class, () -> maria.quote(""));
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
        String ddl = pg.createTable(new TableId(null, "t"), List.of(new ColumnSpec("id", Schema.INT64_SCHEMA, true),
                new ColumnSpec("n", Schema.OPTIONAL_STRING_SCHEMA, false)));
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

    @Test
    void identifierLimitsCountAsTheDatabaseCounts() {
        IdentifierLimit pgUtf8 = IdentifierLimit.bytes("postgresql", 63, StandardCharsets.UTF_8);
        assertNull(pgUtf8.problem("ü".repeat(31)), "62 bytes fit");
        String tooLong = pgUtf8.problem("ü".repeat(44));
        assertTrue(tooLong.contains("88 bytes") && tooLong.contains("63 bytes"), tooLong);
        IdentifierLimit pgLatin1 = IdentifierLimit.bytes("postgresql", 63, PostgresDialect.javaCharset("LATIN1"));
        assertNull(pgLatin1.problem("ü".repeat(44)), "one byte each in LATIN1");
        assertEquals(StandardCharsets.UTF_8, PostgresDialect.javaCharset("SQL_ASCII"));
        IdentifierLimit mariaLimit = IdentifierLimit.characters("mariadb", 64);
        assertNull(mariaLimit.problem("ü".repeat(64)));
        assertTrue(mariaLimit.problem("a".repeat(65)).contains("64 characters"));
        assertTrue(mariaLimit.problem("a\0b").contains("NUL"));
        assertTrue(mariaLimit.problem("").contains("empty"));
    }

    @Test
    void knowsEachDatabasesSystemSchemas() {
        for (String s : new String[]{"pg_catalog", "information_schema", "pg_toast", "pg_temp_3", "PG_CATALOG"}) {
            assertTrue(pg.isSystemSchema(s), s);
        }
        assertFalse(pg.isSystemSchema("public"));
        assertFalse(pg.isSystemSchema("mysql"));
        for (String s : new String[]{"mysql", "sys", "performance_schema", "information_schema", "MySQL"}) {
            assertTrue(maria.isSystemSchema(s), s);
        }
        assertFalse(maria.isSystemSchema("test"));
        assertTrue(pg.supportsUpsert() && maria.supportsUpsert() && sqlite.supportsUpsert());
        assertFalse(new GenericDialect().supportsUpsert());
    }

    @Test
    void findsASameRowByItsKeyAndNullSafeEquality() {
        TableId t = new TableId("s", "t");
        assertEquals("SELECT 1 FROM \"s\".\"t\" WHERE \"id\" = ? AND \"v\" IS NOT DISTINCT FROM ?",
                pg.selectSameRow(t, List.of("id", "v"), List.of("id")));
        assertEquals("SELECT 1 FROM `s`.`t` WHERE `id` = ? AND `v` <=> ?", maria.selectSameRow(t, List.of("id", "v"), List.of("id")));
        assertEquals("SELECT 1 FROM \"s\".\"t\" WHERE \"v\" IS ?", sqlite.selectSameRow(t, List.of("v"), List.of()));
    }

    @Test
    void tellsAKeyClashFromOtherRefusals() {
        assertTrue(pg.isUniqueViolation(new SQLException("duplicate key value violates unique constraint", "23505")));
        assertFalse(pg.isUniqueViolation(new SQLException("value too long", "22001")));
        assertTrue(maria.isUniqueViolation(new SQLException("Duplicate entry '5' for key 'PRIMARY'", "23000", 1062)));
        assertFalse(maria.isUniqueViolation(new SQLException("Column 'x' cannot be null", "23000", 1048)));
        assertTrue(sqlite.isUniqueViolation(new SQLException("[SQLITE_CONSTRAINT_PRIMARYKEY] A PRIMARY KEY constraint "
                + "failed (UNIQUE constraint failed: t.id)", null, 1555)));
        assertFalse(sqlite.isUniqueViolation(new SQLException("[SQLITE_CONSTRAINT_NOTNULL] NOT NULL constraint failed: t.v",
                null, 1299)));
    }
}
