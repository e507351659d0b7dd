package io.tributary.connect.jdbc.types;

import org.apache.kafka.connect.data.Schema;

/**
 * A column described by the Connect schema of its values: its name, that schema, and whether it
 * is part of the primary key. The sink derives one from each field a record writes (inferring the
 * schema of schemaless records) and asks the dialect for the column type; the source derives one
 * from each column it reads, the other way round.
 */
public record ColumnSpec(String name, Schema schema, boolean primaryKey) {
}
