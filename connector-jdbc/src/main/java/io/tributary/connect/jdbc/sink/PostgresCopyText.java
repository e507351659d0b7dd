package io.tributary.connect.jdbc.sink;

import io.tributary.connect.common.convert.ConnectJson;
import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.dialect.JsonText;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
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

    void appendRow(StringBuilder out, Object[] values, List<ColumnDef> columns) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            Object v = values[i];
            if (v instanceof String) {
                appendString(out, (String) v);
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
                out.append(((Number) v).longValue());
            } else if (v != null) {
                appendString(out, text(v, columns.get(i)));
            }
        }
        out.append('\n');
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

    /**
     * Appends a text value. An empty string, or one holding a delimiter, quote or line break (or the
     * end-of-data marker), is quoted, since unquoted empty means NULL; everything else goes as is.
     */
    private static void appendString(StringBuilder out, String s) {
        if (!s.isEmpty() && !s.equals("\\.") && plain(s)) {
            out.append(s);
        } else {
            appendQuoted(out, s);
        }
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return false;
            }
        }
        return true;
    }

    private static void appendQuoted(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }
}
