package io.tributary.connect.common.template;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateTest {
    @Test
    void rendersRecordPlaceholders() {
        Schema schema = SchemaBuilder.struct().field("store", SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA).build()).build();
        Struct value = new Struct(schema).put("store", new Struct(schema.field("store").schema()).put("id", "s7"));
        SinkRecord record = new SinkRecord("orders", 3, null, "k1", schema, value, 42L);
        record.headers().addString("region", "eu");
        Template t = Template.parse("t_${topic}_${partition}_${offset}_${key}_${value.store.id}_${header.region}", SinkRecordResolver.ROOTS);
        assertEquals("t_orders_3_42_k1_s7_eu", t.render(new SinkRecordResolver(record)));
    }

    @Test
    void schemalessMapsAndMissingFieldsRenderEmpty() {
        SinkRecord record = new SinkRecord("t", 0, null, null, null, Map.of("a", Map.of("b", 5)), 1L);
        assertEquals("5-", Template.parse("${value.a.b}-${value.zz}", SinkRecordResolver.ROOTS).render(new SinkRecordResolver(record)));
    }

    @Test
    void constantTemplateHasNoRoots() {
        Template t = Template.parse("plain_table", SinkRecordResolver.ROOTS);
        assertTrue(t.isConstant());
        assertEquals("plain_table", t.render((r, p) -> "x"));
    }

    @Test
    void rejectsUnknownAndUnclosedPlaceholders() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Template.parse("${tpoic}", SinkRecordResolver.ROOTS));
        assertTrue(unknown.getMessage().contains("${tpoic}"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Template.parse("a_${topic", SinkRecordResolver.ROOTS));
        assertThrows(IllegalArgumentException.class, () -> Template.parse("a_${}", SinkRecordResolver.ROOTS));
    }

    @Test
    void splitsOnlyAtLiteralSeparatorsSoThatASubstitutedDotStaysInItsPart() {
        SinkRecord record = new SinkRecord("shop", 0, null, null, null, Map.of("tbl", "victim.t", "db", "sales"), 1L);
        SinkRecordResolver resolver = new SinkRecordResolver(record);
        var one = Template.parse("${value.tbl}", SinkRecordResolver.ROOTS).splitAtLiteral('.');
        assertEquals(1, one.size());
        assertEquals("victim.t", one.get(0).render(resolver));

        var two = Template.parse("retail_${value.db}.orders_${value.tbl}", SinkRecordResolver.ROOTS).splitAtLiteral('.');
        assertEquals(2, two.size());
        assertEquals("retail_sales", two.get(0).render(resolver));
        assertEquals("orders_victim.t", two.get(1).render(resolver));
        assertEquals("retail_${value.db}", two.get(0).toString());
        assertEquals(java.util.Set.of("value"), two.get(1).roots());
        assertTrue(Template.parse("a.${topic}", SinkRecordResolver.ROOTS).splitAtLiteral('.').get(0).isConstant());

        var empty = Template.parse(".x.", SinkRecordResolver.ROOTS).splitAtLiteral('.');
        assertEquals(3, empty.size());
        assertEquals("", empty.get(0).render(resolver));
        assertEquals("x", empty.get(1).render(resolver));
    }
}
