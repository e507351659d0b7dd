package io.tributary.connect.bench;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

import java.time.Instant;

/** The benchmark's record: a retail order, the same for every connector, limit and peer. */
final class OrderRecords {
    static final Schema KEY = SchemaBuilder.struct().name("bench.OrderKey").field("id", Schema.INT64_SCHEMA).build();
    static final Schema VALUE = orderFields("bench.Order").build();
    /** The order as the row image of a Debezium change event: the same fields, in an optional struct. */
    static final Schema ROW = orderFields("bench.orders.Value").optional().build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("db", Schema.STRING_SCHEMA).field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .build();
    /** A Debezium change event of the orders table, as a Debezium source writes it (op, before, after, source). */
    static final Schema ENVELOPE = SchemaBuilder.struct().name("bench.orders.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    static final String COLUMNS = "id, store, sku, qty, price, note, created_at";
    private static final long EPOCH_MS = 1_735_689_600_000L;

    private OrderRecords() {
    }

    private static SchemaBuilder orderFields(String name) {
        return SchemaBuilder.struct().name(name)
                .field("id", Schema.INT64_SCHEMA)
                .field("store", Schema.STRING_SCHEMA)
                .field("sku", Schema.STRING_SCHEMA)
                .field("qty", Schema.INT32_SCHEMA)
                .field("price", Schema.FLOAT64_SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA)
                .field("created_at", Timestamp.SCHEMA);
    }

    static String tableDdl(String table, boolean primaryKey) {
        return "CREATE TABLE " + table + " (id BIGINT NOT NULL" + (primaryKey ? " PRIMARY KEY" : "") + ", store TEXT NOT NULL, "
                + "sku TEXT NOT NULL, qty INTEGER NOT NULL, price DOUBLE PRECISION NOT NULL, note TEXT, "
                + "created_at TIMESTAMPTZ NOT NULL)";
    }

    /** The same table with a column the database fills with the time each row is written. */
    static String latencyTableDdl(String table) {
        return tableDdl(table, false).replaceFirst("\\)$", ", landed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())");
    }

    /** An order stamped with the moment it is sent, for end-to-end latency. */
    static Struct valueSentNow(long id) {
        return value(id).put("created_at", new java.util.Date());
    }

    static Struct key(long id) {
        return new Struct(KEY).put("id", id);
    }

    static Struct value(long id) {
        return order(VALUE, id);
    }

    private static Struct order(Schema schema, long id) {
        return new Struct(schema).put("id", id).put("store", store(id)).put("sku", sku(id)).put("qty", qty(id))
                .put("price", price(id)).put("note", note(id)).put("created_at", new java.util.Date(EPOCH_MS + id));
    }

    /** The order's insert as a Debezium change event (op 'c', the order as its 'after' image). */
    static Struct changeEvent(long id) {
        return new Struct(ENVELOPE).put("after", order(ROW, id)).put("op", "c").put("ts_ms", EPOCH_MS + id)
                .put("source", new Struct(SOURCE).put("db", "shop").put("schema", "public").put("table", "orders"));
    }

    /** The same row as CSV, for the psql \copy limit. */
    static void csv(long id, StringBuilder out) {
        String note = note(id);
        out.append(id).append(',').append(store(id)).append(',').append(sku(id)).append(',').append(qty(id)).append(',')
                .append(price(id)).append(',').append(note == null ? "" : note).append(',')
                .append(Instant.ofEpochMilli(EPOCH_MS + id)).append('\n');
    }

    private static String store(long id) {
        return "store-" + (id % 97);
    }

    private static String sku(long id) {
        return "SKU-" + (id * 7919 % 100_000);
    }

    private static int qty(long id) {
        return (int) (id % 12) + 1;
    }

    private static double price(long id) {
        return (id % 10_000) / 100.0;
    }

    private static String note(long id) {
        return id % 5 == 0 ? null : "order " + id + " for delivery";
    }
}
