package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.db.ColumnDef;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class PostgresCopyBinaryTest {
    private static ColumnDef col(String type) {
        return new ColumnDef("c", Types.OTHER, type, 0, true);
    }

    private static SinkRow row(Object... values) {
        return new SinkRow(null, null, new Object[0], values, false);
    }

    @Test
    void writesTheSignatureFieldsAndTrailerPostgresReads() {
        List<ColumnDef> columns = List.of(col("int8"), col("int4"), col("text"), col("bool"), col("timestamptz"), col("date"),
                col("float8"), col("int2"));
        Object[] values = {42L, -7, "é", true, Instant.parse("2000-01-01T00:00:01.000002Z"), LocalDate.of(1999, 12, 31), 0.5,
                (short) 3};
        // The first two columns are key columns: a row's fields are its keys, then its values.
        Object[] keys = Arrays.copyOf(values, 2);
        Object[] rest = Arrays.copyOfRange(values, 2, values.length);
        SinkRow full = new SinkRow(null, null, keys, rest, false);
        SinkRow empty = new SinkRow(null, null, new Object[2], new Object[6], false);
        PostgresCopyBinary.Kind[] kinds = PostgresCopyBinary.kinds(List.of(full, empty), columns);
        assertNotNull(kinds);
        PostgresCopyBinary binary = new PostgresCopyBinary(ZoneId.of("UTC"));
        CopyBuffer out = new CopyBuffer(4);
        binary.header(out);
        binary.appendRow(out, full.keyValues(), full.values(), kinds);
        binary.appendRow(out, empty.keyValues(), empty.values(), kinds);
        binary.trailer(out);
        ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(out.bytes(), out.size()));
        byte[] signature = new byte[11];
        b.get(signature);
        assertEquals("PGCOPY\n\377\r\n\0", new String(signature, StandardCharsets.ISO_8859_1));
        assertEquals(0, b.getInt());
        assertEquals(0, b.getInt());
        assertEquals(8, b.getShort());
        assertEquals(8, b.getInt());
        assertEquals(42L, b.getLong());
        assertEquals(4, b.getInt());
        assertEquals(-7, b.getInt());
        assertEquals(2, b.getInt());
        assertEquals("é", new String(new byte[]{b.get(), b.get()}, StandardCharsets.UTF_8));
        assertEquals(1, b.getInt());
        assertEquals(1, b.get());
        assertEquals(8, b.getInt());
        assertEquals(1_000_002L, b.getLong(), "microseconds since 2000-01-01");
        assertEquals(4, b.getInt());
        assertEquals(-1, b.getInt(), "days since 2000-01-01");
        assertEquals(8, b.getInt());
        assertEquals(0.5, b.getDouble());
        assertEquals(2, b.getInt());
        assertEquals(3, b.getShort());
        assertEquals(8, b.getShort());
        for (int i = 0; i < 8; i++) {
            assertEquals(-1, b.getInt(), "NULL");
        }
        assertEquals(-1, b.getShort());
        assertFalse(b.hasRemaining());
    }

    @Test
    void leavesToCsvWhatBinaryWouldConvertDifferentlyOrCannotHold() {
        assertNull(PostgresCopyBinary.kinds(List.of(row(1L << 40)), List.of(col("int4"))), "a long for an int4 column");
        assertNull(PostgresCopyBinary.kinds(List.of(row("12")), List.of(col("int8"))), "a string for a number column");
        assertNull(PostgresCopyBinary.kinds(List.of(row(1.5f)), List.of(col("float8"))), "a float for a double column");
        assertNull(PostgresCopyBinary.kinds(List.of(row(new BigDecimal("1.5"))), List.of(col("numeric"))), "numeric");
        assertNull(PostgresCopyBinary.kinds(List.of(row("{}")), List.of(col("jsonb"))), "json");
        assertNull(PostgresCopyBinary.kinds(List.of(row(Instant.ofEpochSecond(0, 1))), List.of(col("timestamptz"))),
                "a time finer than PostgreSQL's microseconds");
        assertNull(PostgresCopyBinary.kinds(List.of(row(1L)), Arrays.asList((ColumnDef) null)), "an unknown column");
    }
}
