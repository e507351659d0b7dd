package io.tributary.connect.jdbc.types;

import io.tributary.connect.common.config.ConfigChoice;

/** How NUMERIC and DECIMAL columns become Connect values ({@code numeric.mapping}). */
public enum NumericMapping implements ConfigChoice {
    /** Always a Connect Decimal (a column declared without a scale: Debezium's VariableScaleDecimal). */
    NONE,
    /** int8 to int64 where the scale is 0 and the precision fits; Decimal otherwise. */
    PRECISION_ONLY,
    /** As precision_only, and float64 where the scale is above 0 and the precision is at most 15. */
    BEST_FIT
}
