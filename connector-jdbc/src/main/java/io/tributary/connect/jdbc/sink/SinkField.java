package io.tributary.connect.jdbc.sink;

import org.apache.kafka.connect.data.Schema;

/**
 * One column a record writes: its name, the Connect schema its values have (inferred for
 * schemaless records), and whether it is part of the primary key.
 */
public record SinkField(String name, Schema schema, boolean primaryKey) {
}
