package io.tributary.connect.jdbc.types;

import io.tributary.connect.jdbc.db.ColumnDef;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The Connect form of each standard JDBC type: the reverse of the column types the sink creates, so
 * that what the sink wrote the source reads back as the same values. Dialects add their own types
 * (PostgreSQL's uuid, json, arrays and enums) before falling back to these.
 */
public final class StandardColumnReaders {
    private StandardColumnReaders() {
    }

    /** A reader for the column, or null when its type has no Connect form here. */
    public static ColumnReader forColumn(ColumnDef column, ReadOptions options) {
        boolean optional = column.nullable();
        if (column.isTimestampWithZone()) {
            return timestampWithZone(optional);
        }
        switch (column.jdbcType()) {
            case Types.BIT:
            case Types.BOOLEAN:
                // MariaDB's BIT(n > 1) is a bit string, not a flag.
                return column.jdbcType() == Types.BIT && column.size() > 1 ? bytes(optional) : bool(optional);
            case Types.TINYINT:
                return column.signed() ? int8(optional) : int16(optional);
            case Types.SMALLINT:
                return column.signed() ? int16(optional) : int32(optional);
            case Types.INTEGER:
                return column.signed() ? int32(optional) : int64(optional);
            case Types.BIGINT:
                return column.signed() ? int64(optional) : decimal(20, 0, optional);
            case Types.REAL:
                return float32(optional);
            case Types.FLOAT:
            case Types.DOUBLE:
                return float64(optional);
            case Types.NUMERIC:
            case Types.DECIMAL:
                return numeric(column, options.numericMapping(), optional);
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
            case Types.CLOB:
            case Types.NCLOB:
                return string(optional);
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                return bytes(optional);
            case Types.DATE:
                return date(optional);
            case Types.TIME:
                return time(optional);
            case Types.TIMESTAMP:
                return timestamp(options.timeZone(), optional);
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return timestampWithZone(optional);
            default:
                return null;
        }
    }

    /** NUMERIC and DECIMAL by {@code numeric.mapping}; a column without a declared precision keeps every value's own scale. */
    static ColumnReader numeric(ColumnDef column, NumericMapping mapping, boolean optional) {
        int precision = column.size();
        int scale = column.scale();
        boolean declared = precision > 0 && precision <= 1000;
        if (!declared) {
            return variableScaleDecimal(optional);
        }
        if (mapping != NumericMapping.NONE && scale == 0 && precision <= 18) {
            return precision <= 2 ? exactInt(Schema.Type.INT8, optional) : precision <= 4 ? exactInt(Schema.Type.INT16, optional)
                    : precision <= 9 ? exactInt(Schema.Type.INT32, optional) : exactInt(Schema.Type.INT64, optional);
        }
        if (mapping == NumericMapping.BEST_FIT && scale > 0 && precision <= 15) {
            return float64(optional);
        }
        return decimal(precision, scale, optional);
    }

    /** A reader of {@code schema} whose values {@code read} takes from the result. */
    public static ColumnReader of(Schema schema, Reader read) {
        return new ColumnReader() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public Object read(ResultSet rs, int index) throws SQLException {
                return read.read(rs, index);
            }
        };
    }

    /** Reads one value; returns null for SQL NULL. */
    @FunctionalInterface
    public interface Reader {
        Object read(ResultSet rs, int index) throws SQLException;
    }

    private static Schema schema(SchemaBuilder b, boolean optional) {
        return optional ? b.optional().build() : b.build();
    }

    static ColumnReader bool(boolean optional) {
        return of(schema(SchemaBuilder.bool(), optional), (rs, i) -> {
            boolean v = rs.getBoolean(i);
            return rs.wasNull() ? null : v;
        });
    }

    static ColumnReader int8(boolean optional) {
        return of(schema(SchemaBuilder.int8(), optional), (rs, i) -> {
            byte v = rs.getByte(i);
            return rs.wasNull() ? null : v;
        });
    }

    static ColumnReader int16(boolean optional) {
        return of(schema(SchemaBuilder.int16(), optional), (rs, i) -> {
            short v = rs.getShort(i);
            return rs.wasNull() ? null : v;
        });
    }

    static ColumnReader int32(boolean optional) {
        return of(schema(SchemaBuilder.int32(), optional), (rs, i) -> {
            int v = rs.getInt(i);
            return rs.wasNull() ? null : v;
        });
    }

    static ColumnReader int64(boolean optional) {
        return of(schema(SchemaBuilder.int64(), optional), (rs, i) -> {
            long v = rs.getLong(i);
            return rs.wasNull() ? null : v;
        });
    }

    /** An integer NUMERIC read whole, so a value too large for its declared precision is an error, never wrapped. */
    private static ColumnReader exactInt(Schema.Type type, boolean optional) {
        SchemaBuilder b = switch (type) {
            case INT8 -> SchemaBuilder.int8();
            case INT16 -> SchemaBuilder.int16();
            case INT32 -> SchemaBuilder.int32();
            default -> SchemaBuilder.int64();
        };
        return of(schema(b, optional), (rs, i) -> {
            BigDecimal v = rs.getBigDecimal(i);
            if (v == null) {
                return null;
            }
            try {
                return switch (type) {
                    case INT8 -> v.byteValueExact();
                    case INT16 -> v.shortValueExact();
                    case INT32 -> v.intValueExact();
                    default -> v.longValueExact();
                };
            } catch (ArithmeticException e) {
                throw new DataException("the value " + v + " does not fit " + type + " (numeric.mapping); use "
                        + "numeric.mapping=none to read it as a decimal", e);
            }
        });
    }

    static ColumnReader float32(boolean optional) {
        return of(schema(SchemaBuilder.float32(), optional), (rs, i) -> {
            float v = rs.getFloat(i);
            return rs.wasNull() ? null : v;
        });
    }

    static ColumnReader float64(boolean optional) {
        return of(schema(SchemaBuilder.float64(), optional), (rs, i) -> {
            double v = rs.getDouble(i);
            return rs.wasNull() ? null : v;
        });
    }

    static ColumnReader decimal(int precision, int scale, boolean optional) {
        SchemaBuilder b = Decimal.builder(scale).parameter("connect.decimal.precision", Integer.toString(precision));
        return of(schema(b, optional), (rs, i) -> {
            BigDecimal v = rs.getBigDecimal(i);
            return v == null ? null : v.setScale(scale, RoundingMode.UNNECESSARY);
        });
    }

    static ColumnReader variableScaleDecimal(boolean optional) {
        Schema schema = DebeziumTypes.variableScaleDecimalSchema(optional);
        return of(schema, (rs, i) -> {
            BigDecimal v = rs.getBigDecimal(i);
            return v == null ? null : DebeziumTypes.variableScaleDecimal(schema, v);
        });
    }

    public static ColumnReader string(boolean optional) {
        return of(schema(SchemaBuilder.string(), optional), ResultSet::getString);
    }

    /** A string column with a semantic name (UUID, JSON) and its parameters. */
    public static ColumnReader namedString(String name, java.util.Map<String, String> parameters, boolean optional) {
        SchemaBuilder b = SchemaBuilder.string().name(name).version(1);
        if (!parameters.isEmpty()) {
            b.parameters(parameters);
        }
        return of(schema(b, optional), ResultSet::getString);
    }

    static ColumnReader bytes(boolean optional) {
        return of(schema(SchemaBuilder.bytes(), optional), ResultSet::getBytes);
    }

    static ColumnReader date(boolean optional) {
        return of(schema(Date.builder(), optional), (rs, i) -> {
            LocalDate d = rs.getObject(i, LocalDate.class);
            return d == null ? null : java.util.Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
        });
    }

    static ColumnReader time(boolean optional) {
        return of(schema(Time.builder(), optional), (rs, i) -> {
            LocalTime t = rs.getObject(i, LocalTime.class);
            return t == null ? null : new java.util.Date(t.toNanoOfDay() / 1_000_000L);
        });
    }

    /** A date-time without a zone, taken to be in {@code db.timezone}. */
    static ColumnReader timestamp(ZoneId zone, boolean optional) {
        return of(schema(Timestamp.builder(), optional), (rs, i) -> {
            LocalDateTime t = rs.getObject(i, LocalDateTime.class);
            return t == null ? null : java.util.Date.from(t.atZone(zone).toInstant());
        });
    }

    static ColumnReader timestampWithZone(boolean optional) {
        return of(schema(Timestamp.builder(), optional), (rs, i) -> {
            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
            return t == null ? null : java.util.Date.from(t.toInstant());
        });
    }

    /** The instant of a date-time column with its full precision, for offsets (Connect's Timestamp keeps milliseconds). */
    public static Instant instant(ResultSet rs, int index, ColumnDef column, ZoneId zone) throws SQLException {
        if (column.isTimestampWithZone()) {
            OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }
        LocalDateTime t = rs.getObject(index, LocalDateTime.class);
        return t == null ? null : t.atZone(zone).toInstant();
    }
}
