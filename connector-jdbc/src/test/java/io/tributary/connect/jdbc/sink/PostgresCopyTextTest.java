package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.dialect.JsonText;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PostgresCopyTextTest {
    private static ColumnDef col(int type, String name) {
        return new ColumnDef("c", type, name, 0, true);
    }

    @Test
    void quotesEmptyAndSpecialStringsSoTheyDifferFromNull() {
        StringBuilder out = new StringBuilder();
        new PostgresCopyText(ZoneId.of("UTC")).appendRow(out, new Object[]{"", null, "a\"b,c\nd", "plain text", "\\.", 42L},
                List.of(col(Types.VARCHAR, "text"), col(Types.VARCHAR, "text"), col(Types.VARCHAR, "text"),
                        col(Types.VARCHAR, "text"), col(Types.VARCHAR, "text"), col(Types.BIGINT, "int8")));
        assertEquals("\"\",,\"a\"\"b,c\nd\",plain text,\"\\.\",42\n", out.toString());
    }

    @Test
    void rendersNativeTypes() {
        StringBuilder out = new StringBuilder();
        Instant at = Instant.parse("2024-01-02T03:04:05.678Z");
        new PostgresCopyText(ZoneId.of("Europe/Paris")).appendRow(out,
                new Object[]{new byte[]{0, 15, (byte) 255}, true, new BigDecimal("1E+3"), Double.NaN, at, at,
                        Arrays.asList("x", null, "q\"\\"), new JsonText("{\"a\":1}")},
                List.of(col(Types.BINARY, "bytea"), col(Types.BIT, "bool"), col(Types.NUMERIC, "numeric"),
                        col(Types.DOUBLE, "float8"), col(Types.TIMESTAMP, "timestamptz"), col(Types.TIMESTAMP, "timestamp"),
                        col(Types.ARRAY, "_text"), col(Types.OTHER, "jsonb")));
        assertEquals("\\x000fff,t,1000,NaN,2024-01-02T03:04:05.678Z,2024-01-02T04:04:05.678,"
                + "\"{\"\"x\"\",NULL,\"\"q\\\"\"\\\\\"\"}\",\"{\"\"a\"\":1}\"\n", out.toString());
    }
}
