package io.tributary.connect.jdbc.sink;

import io.tributary.connect.common.convert.ConnectJson;
import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.types.JsonText;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Renders normalized values as PostgreSQL COPY CSV fields: NULL is an unquoted empty field, every
 * other value is quoted (so an empty string stays an empty string), bytea is hex, arrays are
 * array literals, timestamps without a zone are wall-clock time in {@code db.timezone}.
 */
final class PostgresCopyText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final ZoneId zone;

    PostgresCopyText(ZoneId zone) {
        this.zone = zone;
    }

    /** One CSV line: the row's key columns, then its value columns (in {@code columns}' order). */
    void appendRow(CopyBuffer out, Object[] keys, Object[] values, List<ColumnDef> columns) {
        for (int i = 0; i < keys.length; i++) {
            appendField(out, keys[i], columns.get(i), i == 0);
        }
        for (int i = 0; i < values.length; i++) {
            appendField(out, values[i], columns.get(keys.length + i), keys.length + i == 0);
        }
        out.ascii('\n');
    }

    private void appendField(CopyBuffer out, Object v, ColumnDef column, boolean first) {
        if (!first) {
            out.ascii(',');
        }
        if (v instanceof String) {
            out.csvText((String) v);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            out.number(((Number) v).longValue());
        } else if (v instanceof Double && Double.isFinite((Double) v)) {
            out.number((double) (Double) v);
        } else if (v instanceof Instant && dateTime(out, (Instant) v, column)) {
            return;
        } else if (v != null) {
            out.csvText(text(v, column));
        }
    }

    /**
     * Writes a timestamp as ISO date and time, in UTC with a Z for timestamptz columns, else as wall
     * clock time in {@code db.timezone}; false (nothing written) for years beyond four digits.
     */
    private boolean dateTime(CopyBuffer out, Instant at, ColumnDef column) {
        boolean withZone = column == null || column.isTimestampWithZone();
        LocalDateTime t = LocalDateTime.ofInstant(at, withZone ? ZoneOffset.UTC : zone);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return false;
        }
        out.padded(t.getYear(), 4).ascii('-').padded(t.getMonthValue(), 2).ascii('-').padded(t.getDayOfMonth(), 2)
                .ascii('T').padded(t.getHour(), 2).ascii(':').padded(t.getMinute(), 2).ascii(':').padded(t.getSecond(), 2);
        int nano = t.getNano();
        if (nano != 0) {
            int digits = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                digits--;
            }
            out.ascii('.').padded(nano, digits);
        }
        if (withZone) {
            out.ascii('Z');
        }
        return true;
    }

    private String text(Object v, ColumnDef column) {
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof JsonText) {
            return ((JsonText) v).json();
        }
        if (v instanceof List) {
            return column != null && column.isArray() ? arrayLiteral((List<?>) v, column) : ConnectJson.toJsonText(v, null);
        }
        if (v instanceof Instant) {
            return column == null || column.isTimestampWithZone() ? v.toString() : LocalDateTime.ofInstant((Instant) v, zone).toString();
        }
        if (v instanceof byte[]) {
            return hex((byte[]) v);
        }
        if (v instanceof Boolean) {
            return ((Boolean) v) ? "t" : "f";
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "Infinity" : "-Infinity";
            }
        }
        return v.toString();
    }

    private String arrayLiteral(List<?> list, ColumnDef column) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object item = list.get(i);
            if (item == null) {
                sb.append("NULL");
            } else {
                String t = text(item, null);
                sb.append('"');
                for (int c = 0; c < t.length(); c++) {
                    char ch = t.charAt(c);
                    if (ch == '"' || ch == '\\') {
                        sb.append('\\');
                    }
                    sb.append(ch);
                }
                sb.append('"');
            }
        }
        return sb.append('}').toString();
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[2 + bytes.length * 2];
        out[0] = '\\';
        out[1] = 'x';
        for (int i = 0; i < bytes.length; i++) {
            out[2 + i * 2] = HEX[(bytes[i] >> 4) & 0xf];
            out[3 + i * 2] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
