package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.db.TableId;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a running task does with the schema and names a connection allows (validate says the same). */
class NameRulesTest {
    private static final IdentifierLimit PG_LIMIT = IdentifierLimit.bytes("postgresql", 63, StandardCharsets.UTF_8);

    @Test
    void aTableWithoutSchemaGoesToTheCurrentOneAndANamedSchemaStays() {
        NameRules rules = new NameRules(new PostgresDialect(), "public", PG_LIMIT);
        assertEquals(new TableId("public", "pg_description"), rules.qualify(new TableId(null, "pg_description")));
        assertEquals(new TableId("pg_catalog", "t"), rules.qualify(new TableId("pg_catalog", "t")),
                "a schema the config names literally is the user's choice");
    }

    @Test
    void aSystemOrMissingCurrentSchemaStopsTheTaskWithTheFix() {
        ConnectException system = assertThrows(ConnectException.class,
                () -> new NameRules(new PostgresDialect(), "pg_catalog", PG_LIMIT).qualify(new TableId(null, "t")));
        assertTrue(system.getMessage().contains("system schema pg_catalog") && system.getMessage().contains("table.name.format"),
                system.getMessage());
        ConnectException none = assertThrows(ConnectException.class, () -> new NameRules(new MariaDbDialect(), null,
                IdentifierLimit.characters("mariadb", 64)).qualify(new TableId(null, "t")));
        assertTrue(none.getMessage().contains("connection.url names no database"), none.getMessage());
        assertNull(NameRules.defaultSchemaProblem(new GenericDialect(), null), "generic JDBC may leave names unqualified");
        assertEquals(new TableId(null, "t"), new NameRules(new GenericDialect(), null, PG_LIMIT).qualify(new TableId(null, "t")));
    }

    @Test
    void namesTheDatabaseCannotHoldAreBadRecordsThatSayWhatTheyResolvedTo() {
        NameRules rules = new NameRules(new PostgresDialect(), "public", PG_LIMIT);
        DataException table = assertThrows(DataException.class,
                () -> rules.checkTable(new TableId("public", "ü".repeat(44)), "table.name.format '${value.tbl}'"));
        assertTrue(table.getMessage().contains("63 bytes") && table.getMessage().contains("resolved to public.")
                && table.getMessage().contains("table.name.format '${value.tbl}'"), table.getMessage());
        DataException column = assertThrows(DataException.class, () -> rules.checkColumn("a\0b", new TableId("public", "t")));
        assertTrue(column.getMessage().contains("a\\0b") && column.getMessage().contains("NUL"), column.getMessage());
    }
}
