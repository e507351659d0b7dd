package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.types.JsonText;
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
        CopyBuffer out = new CopyBuffer(4);
        new PostgresCopyText(ZoneId.of("UTC")).appendRow(out, new Object[0], new Object[]{"", null, "a\"b,c\nd", "plain text", "\\.", 42L},
                List.of(col(Types.VARCHAR, "text"), col(Types.VARCHAR, "text"), col(Types.VARCHAR, "text"),
                        col(Types.VARCHAR, "text"), col(Types.VARCHAR, "text"), col(Types.BIGINT, "int8")));
        assertEquals("\"\",,\"a\"\"b,c\nd\",plain text,\"\\.\",42\n", out.toString());
    }

    @Test
    void rendersNativeTypes() {
        CopyBuffer out = new CopyBuffer(4);
        Instant at = Instant.parse("2024-01-02T03:04:05.678Z");
        new PostgresCopyText(ZoneId.of("Europe/Paris")).appendRow(out, new Object[0],
                new Object[]{new byte[]{0, 15, (byte) 255}, true, new BigDecimal("1E+3"), Double.NaN, at, at,
                        Arrays.asList("x", null, "q\"\\"), new JsonText("{\"a\":1}")},
                List.of(col(Types.BINARY, "bytea"), col(Types.BIT, "bool"), col(Types.NUMERIC, "numeric"),
                        col(Types.DOUBLE, "float8"), col(Types.TIMESTAMP, "timestamptz"), col(Types.TIMESTAMP, "timestamp"),
                        col(Types.ARRAY, "_text"), col(Types.OTHER, "jsonb")));
        assertEquals("\\x000fff,t,1000,NaN,2024-01-02T03:04:05.678Z,2024-01-02T04:04:05.678,"
                + "\"{\"\"x\"\",NULL,\"\"q\\\"\"\\\\\"\"}\",\"{\"\"a\"\":1}\"\n", out.toString());
    }

    @Test
    void writesNonAsciiTextAsUtf8AndNumbersAndTimesExactly() {
        CopyBuffer out = new CopyBuffer(4);
        new PostgresCopyText(ZoneId.of("UTC")).appendRow(out, new Object[0],
                new Object[]{"Zürich, \u5317\u4eac", "caf\u00e9", Long.MIN_VALUE, -7, 0.1, -2.5E-300,
                        Instant.parse("2024-02-29T23:59:59.000001Z"), Instant.parse("1970-01-01T00:00:00Z"),
                        Instant.parse("+12345-01-01T00:00:00Z")},
                List.of(col(Types.VARCHAR, "text"), col(Types.VARCHAR, "text"), col(Types.BIGINT, "int8"),
                        col(Types.INTEGER, "int4"), col(Types.DOUBLE, "float8"), col(Types.DOUBLE, "float8"),
                        col(Types.TIMESTAMP, "timestamptz"), col(Types.TIMESTAMP, "timestamp"),
                        col(Types.TIMESTAMP, "timestamptz")));
        assertEquals("\"Zürich, \u5317\u4eac\",caf\u00e9,-9223372036854775808,-7,0.1,-2.5E-300,"
                + "2024-02-29T23:59:59.000001Z,1970-01-01T00:00:00,+12345-01-01T00:00:00Z\n", out.toString());
    }

    @Test
    void writesKeyColumnsFirstThenValueColumns() {
        CopyBuffer out = new CopyBuffer(4);
        new PostgresCopyText(ZoneId.of("UTC")).appendRow(out, new Object[]{7L, "k"}, new Object[]{null, "v"},
                List.of(col(Types.BIGINT, "int8"), col(Types.VARCHAR, "text"), col(Types.VARCHAR, "text"),
                        col(Types.VARCHAR, "text")));
        assertEquals("7,k,,v\n", out.toString());
    }

    @Test
    void growsPastItsInitialCapacity() {
        CopyBuffer out = new CopyBuffer(4);
        String long1 = "x".repeat(10_000);
        new PostgresCopyText(ZoneId.of("UTC")).appendRow(out, new Object[0], new Object[]{long1, 1L},
                List.of(col(Types.VARCHAR, "text"), col(Types.BIGINT, "int8")));
        assertEquals(long1 + ",1\n", out.toString());
    }
}
