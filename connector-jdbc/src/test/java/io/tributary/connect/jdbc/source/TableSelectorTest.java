package io.tributary.connect.jdbc.source;

import io.tributary.connect.jdbc.db.TableId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableSelectorTest {
    @Test
    void includesMatchTheWholeNameOrSchemaQualifiedNameAndExcludesWin() {
        TableSelector s = new TableSelector(List.of(Pattern.compile("inventory|orders_.*"), Pattern.compile("retail\\.prices")),
                List.of(Pattern.compile("orders_archive")));
        assertTrue(s.selects(new TableId("retail", "inventory")));
        assertTrue(s.selects(new TableId("retail", "orders_2026")));
        assertTrue(s.selects(new TableId("retail", "prices")));
        assertFalse(s.selects(new TableId("other", "prices")), "schema-qualified patterns name the schema");
        assertFalse(s.selects(new TableId("retail", "orders_archive")), "excluded");
        assertFalse(s.selects(new TableId("retail", "my_inventory")), "patterns match whole names, not parts");
        assertTrue(new TableSelector(List.of(), List.of()).selects(new TableId(null, "anything")), "no include: all");
    }
}
