package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.types.ColumnReader;
import io.tributary.connect.jdbc.types.StandardColumnReaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.math.BigDecimal;
import java.sql.Array;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL arrays of plain element types, read as Connect arrays (elements optional: arrays may hold NULLs). */
final class PostgresArrays {
    private PostgresArrays() {
    }

    static ColumnReader reader(Schema element, boolean optional) {
        Schema elementSchema = optionalCopy(element);
        SchemaBuilder b = SchemaBuilder.array(elementSchema);
        Schema schema = optional ? b.optional().build() : b.build();
        return StandardColumnReaders.of(schema, (rs, index) -> {
            Array array = rs.getArray(index);
            if (array == null) {
                return null;
            }
            try {
                Object[] values = (Object[]) array.getArray();
                List<Object> out = new ArrayList<>(values.length);
                for (Object v : values) {
                    out.add(element(v, elementSchema.type()));
                }
                return out;
            } finally {
                array.free();
            }
        });
    }

    /** The driver's boxed element as the Connect type the schema names (int2 arrives as Short, numeric as BigDecimal). */
    private static Object element(Object v, Schema.Type type) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case INT8 -> ((Number) v).byteValue();
            case INT16 -> ((Number) v).shortValue();
            case INT32 -> ((Number) v).intValue();
            case INT64 -> ((Number) v).longValue();
            case FLOAT32 -> ((Number) v).floatValue();
            case FLOAT64 -> v instanceof BigDecimal ? ((BigDecimal) v).doubleValue() : ((Number) v).doubleValue();
            default -> v;
        };
    }

    private static Schema optionalCopy(Schema s) {
        SchemaBuilder b = new SchemaBuilder(s.type());
        if (s.name() != null) {
            b.name(s.name());
        }
        if (s.parameters() != null) {
            b.parameters(s.parameters());
        }
        return b.optional().build();
    }
}
