package io.tributary.connect.jdbc.types;

/**
 * Schema names for values that Connect has no logical type for, as Debezium names them, so that
 * records carry names users and other connectors already recognise: the sink reads them to pick a
 * column type, the source writes them on the columns it reads.
 */
public final class SemanticNames {
    /** A UUID as its canonical text. */
    public static final String UUID = "io.debezium.data.Uuid";
    /** JSON as text (json, jsonb). */
    public static final String JSON = "io.debezium.data.Json";

    /** A value of an enumerated type, as its label; parameter {@link #ENUM_ALLOWED} lists the labels. */
    public static final String ENUM = "io.debezium.data.Enum";
    public static final String ENUM_ALLOWED = "allowed";

    private SemanticNames() {
    }
}
