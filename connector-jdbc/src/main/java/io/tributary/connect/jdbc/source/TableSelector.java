package io.tributary.connect.jdbc.source;

import io.tributary.connect.jdbc.db.TableId;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which listed tables the connector reads: those an include pattern matches (all, when there is none)
 * and no exclude pattern does. A pattern matches the whole table name or the whole schema.table.
 */
public final class TableSelector {
    private final List<Pattern> includes;
    private final List<Pattern> excludes;

    public TableSelector(List<Pattern> includes, List<Pattern> excludes) {
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
    }

    public boolean selects(TableId table) {
        return (includes.isEmpty() || matchesAny(includes, table)) && !matchesAny(excludes, table);
    }

    private static boolean matchesAny(List<Pattern> patterns, TableId table) {
        for (Pattern p : patterns) {
            if (p.matcher(table.table()).matches() || (table.schema() != null && p.matcher(table.toString()).matches())) {
                return true;
            }
        }
        return false;
    }
}
