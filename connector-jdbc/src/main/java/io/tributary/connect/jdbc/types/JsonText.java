package io.tributary.connect.jdbc.types;

/** A value already rendered as JSON text (a struct, map or list bound for a json or text column). */
public record JsonText(String json) {
    @Override
    public String toString() {
        return json;
    }
}
