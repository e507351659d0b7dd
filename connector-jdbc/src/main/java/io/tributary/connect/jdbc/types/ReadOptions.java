package io.tributary.connect.jdbc.types;

import java.time.ZoneId;

/** What the user chose about reading values: numeric forms, and the zone of date-times without one. */
public record ReadOptions(NumericMapping numericMapping, ZoneId timeZone) {
}
