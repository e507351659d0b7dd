package io.tributary.connect.common.convert;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.util.List;
import java.util.Map;

/** Walks a dotted path through a Struct or a schemaless Map. */
public final class FieldPath {
    private FieldPath() {
    }

    public static Object get(Object value, List<String> path) {
        Object current = value;
        for (String name : path) {
            if (current instanceof Struct) {
                Struct s = (Struct) current;
                Field f = s.schema().field(name);
                current = f == null ? null : s.get(f);
            } else if (current instanceof Map) {
                current = ((Map<?, ?>) current).get(name);
            } else {
                return null;
            }
        }
        return current;
    }
}
