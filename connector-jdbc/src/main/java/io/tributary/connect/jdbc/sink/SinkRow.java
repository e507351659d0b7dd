package io.tributary.connect.jdbc.sink;

import org.apache.kafka.connect.sink.SinkRecord;

import java.util.Arrays;

/** One record made ready for its table: normalized key and value column values, or a delete. */
public final class SinkRow {
    private final SinkRecord record;
    private final RecordShape shape;
    private final Object[] keyValues;
    private final Object[] values;
    private final boolean delete;

    public SinkRow(SinkRecord record, RecordShape shape, Object[] keyValues, Object[] values, boolean delete) {
        this.record = record;
        this.shape = shape;
        this.keyValues = keyValues;
        this.values = values;
        this.delete = delete;
    }

    public SinkRecord record() {
        return record;
    }

    public RecordShape shape() {
        return shape;
    }

    public Object[] keyValues() {
        return keyValues;
    }

    public Object[] values() {
        return values;
    }

    public boolean isDelete() {
        return delete;
    }

    /** Key then value column values, in the shape's column order. */
    public Object[] allValues() {
        Object[] all = Arrays.copyOf(keyValues, keyValues.length + values.length);
        System.arraycopy(values, 0, all, keyValues.length, values.length);
        return all;
    }

    /** The row's identity for de-duplication: equal when every key value is equal (arrays by content). */
    public Key key() {
        return new Key(keyValues);
    }

    public static final class Key {
        private final Object[] values;

        Key(Object[] values) {
            this.values = values;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.deepEquals(values, ((Key) o).values);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(values);
        }
    }
}
