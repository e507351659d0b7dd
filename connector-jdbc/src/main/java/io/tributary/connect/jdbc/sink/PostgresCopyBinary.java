package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.db.ColumnDef;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Renders rows in PostgreSQL's binary COPY format, which the server stores without parsing text:
 * about half the server's CPU per row of the CSV form for typical rows (timestamps and floats parse
 * slowly). Only for batches whose every column is of a plain type and every value already the
 * column's own Java type ({@link #kinds}); anything else (numeric, json, arrays, a string for
 * an integer column, a long that overflows an int4) goes as CSV, where the server converts or
 * refuses it exactly as it would in an INSERT.
 */
final class PostgresCopyBinary {
    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch for dates and timestamps. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final long PG_EPOCH_DAYS = LocalDate.of(2000, 1, 1).toEpochDay();

    private final ZoneId zone;

    PostgresCopyBinary(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * The binary form of each column, decided once per batch, when every value of every row can go
     * in binary into its column; null when one cannot (the batch then goes as CSV).
     */
    static Kind[] kinds(List<SinkRow> rows, List<ColumnDef> columns) {
        Kind[] kinds = new Kind[columns.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = columns.get(i) == null ? null : kind(columns.get(i));
            if (kinds[i] == null) {
                return null;
            }
        }
        for (SinkRow row : rows) {
            Object[] keys = row.keyValues();
            Object[] values = row.values();
            for (int i = 0; i < kinds.length; i++) {
                Object v = i < keys.length ? keys[i] : values[i - keys.length];
                if (v != null && !kinds[i].accepts(v)) {
                    return null;
                }
            }
        }
        return kinds;
    }

    void header(CopyBuffer out) {
        out.raw(SIGNATURE).int32(0).int32(0);
    }

    void trailer(CopyBuffer out) {
        out.int16(-1);
    }

    /** One row: its key columns, then its value columns, in the forms {@link #kinds} chose. */
    void appendRow(CopyBuffer out, Object[] keys, Object[] values, Kind[] kinds) {
        out.int16(keys.length + values.length);
        for (int i = 0; i < keys.length; i++) {
            appendField(out, keys[i], kinds[i]);
        }
        for (int i = 0; i < values.length; i++) {
            appendField(out, values[i], kinds[keys.length + i]);
        }
    }

    private void appendField(CopyBuffer out, Object v, Kind kind) {
        if (v == null) {
            out.int32(-1);
            return;
        }
        switch (kind) {
            case INT2 -> out.int32(2).int16(((Number) v).intValue());
            case INT4 -> out.int32(4).int32(((Number) v).intValue());
            case INT8 -> out.int32(8).int64(((Number) v).longValue());
            case FLOAT4 -> out.int32(4).int32(Float.floatToRawIntBits((Float) v));
            case FLOAT8 -> out.int32(8).int64(Double.doubleToRawLongBits((Double) v));
            case BOOL -> out.int32(1).raw1((Boolean) v ? 1 : 0);
            case TEXT -> out.lengthPrefixedUtf8((String) v);
            case BYTEA -> out.int32(((byte[]) v).length).raw((byte[]) v);
            case DATE -> out.int32(4).int32((int) (((LocalDate) v).toEpochDay() - PG_EPOCH_DAYS));
            case TIMESTAMPTZ -> out.int32(8).int64(micros((Instant) v));
            case TIMESTAMP -> out.int32(8).int64(micros(LocalDateTime.ofInstant((Instant) v, zone).toInstant(ZoneOffset.UTC)));
            default -> throw new IllegalStateException("not a binary COPY type: " + kind);
        }
    }

    private static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L), at.getNano() / 1000);
    }

    /** The column's binary form, or null where it has none here. */
    private static Kind kind(ColumnDef c) {
        return switch (c.typeNameLower()) {
            case "int2" -> Kind.INT2;
            case "int4" -> Kind.INT4;
            case "int8" -> Kind.INT8;
            case "float4" -> Kind.FLOAT4;
            case "float8" -> Kind.FLOAT8;
            case "bool" -> Kind.BOOL;
            case "text", "varchar", "bpchar" -> Kind.TEXT;
            case "bytea" -> Kind.BYTEA;
            case "date" -> Kind.DATE;
            case "timestamptz" -> Kind.TIMESTAMPTZ;
            case "timestamp" -> Kind.TIMESTAMP;
            default -> null;
        };
    }

    /** A binary column form and the values it takes without conversion or loss. */
    enum Kind {
        INT2, INT4, INT8, FLOAT4, FLOAT8, BOOL, TEXT, BYTEA, DATE, TIMESTAMPTZ, TIMESTAMP;

        boolean accepts(Object v) {
            return switch (this) {
                case INT2 -> v instanceof Short;
                case INT4 -> v instanceof Integer || v instanceof Short;
                case INT8 -> v instanceof Long || v instanceof Integer || v instanceof Short;
                case FLOAT4 -> v instanceof Float;
                // Not Float: CSV writes a float's shortest decimal, which differs from its widened double.
                case FLOAT8 -> v instanceof Double;
                case BOOL -> v instanceof Boolean;
                case TEXT -> v instanceof String && ((String) v).indexOf('\0') < 0;
                case BYTEA -> v instanceof byte[];
                case DATE -> v instanceof LocalDate && ((LocalDate) v).getYear() >= -4000 && ((LocalDate) v).getYear() <= 9999;
                // Whole microseconds in the years both sides agree on: PostgreSQL rounds finer times.
                case TIMESTAMPTZ, TIMESTAMP -> v instanceof Instant && ((Instant) v).getNano() % 1000 == 0
                        && ((Instant) v).getEpochSecond() > -62_135_596_800L && ((Instant) v).getEpochSecond() < 253_402_300_800L;
            };
        }
    }
}
