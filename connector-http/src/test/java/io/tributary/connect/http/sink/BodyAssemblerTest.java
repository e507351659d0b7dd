package io.tributary.connect.http.sink;

import io.tributary.connect.common.template.Template;
import io.tributary.connect.http.HttpSinkConfig;
import io.tributary.connect.http.HttpSinkConfig.BodyFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BodyAssemblerTest {
    private static final List<byte[]> PARTS = List.of(b("{\"a\":1}"), b("{\"a\":2}"));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String body(BodyAssembler assembler, List<byte[]> parts) {
        return new String(assembler.body(parts, "inv", 2), StandardCharsets.UTF_8);
    }

    @Test
    void eachFormatHoldsTheRecordsAndItsSizeIsKnownBeforehand() {
        BodyAssembler array = new BodyAssembler(BodyFormat.JSON_ARRAY, null);
        assertEquals("[{\"a\":1},{\"a\":2}]", body(array, PARTS));
        assertEquals(body(array, PARTS).length(), array.size(2, 14));
        BodyAssembler lines = new BodyAssembler(BodyFormat.NDJSON, null);
        assertEquals("{\"a\":1}\n{\"a\":2}\n", body(lines, PARTS));
        assertEquals(body(lines, PARTS).length(), lines.size(2, 14));
        assertEquals("{\"a\":1}", body(new BodyAssembler(BodyFormat.SINGLE, null), PARTS.subList(0, 1)));
    }

    @Test
    void aTemplateWrapsTheRecordsInTheEnvelopeItDescribes() {
        BodyAssembler template = new BodyAssembler(BodyFormat.TEMPLATE,
                Template.parse("{\"source\":\"${topic}-${partition}\",\"n\":${count},\"items\":${records}}",
                        HttpSinkConfig.BATCH_ROOTS));
        String body = body(template, PARTS);
        assertEquals("{\"source\":\"inv-2\",\"n\":2,\"items\":[{\"a\":1},{\"a\":2}]}", body);
    }

    @Test
    void aSingleTombstoneSentAsNullHasNoBodyButAValueThatReadsNullHasOne() {
        BodyAssembler single = new BodyAssembler(BodyFormat.SINGLE, null);
        assertNull(single.body(List.of(RecordRenderer.NULL_JSON), "t", 0));
        assertEquals("null", body(single, List.of(b("null"))));
        assertEquals("[null]", body(new BodyAssembler(BodyFormat.JSON_ARRAY, null), List.of(RecordRenderer.NULL_JSON)));
    }
}
