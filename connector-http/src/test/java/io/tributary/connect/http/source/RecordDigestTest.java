package io.tributary.connect.http.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RecordDigestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static long digest(String json) throws Exception {
        return RecordDigest.of(JSON.readTree(json));
    }

    @Test
    void theSameRecordHasTheSameDigestAndAnyChangeAnother() throws Exception {
        String record = "{\"sku\":\"A-1\",\"price\":2.5,\"qty\":3,\"tags\":[\"x\",null,true],\"at\":{\"s\":1}}";
        assertEquals(digest(record), digest(record.replace(",", " , ")), "white space does not count");
        for (String changed : new String[]{record.replace("2.5", "2.50001"), record.replace("3", "4"),
                record.replace("true", "false"), record.replace("null", "\"null\""), record.replace("A-1", "A-2"),
                record.replace("\"s\":1", "\"s\":\"1\""), record.replace("[\"x\",null,true]", "[\"x\",true,null]")}) {
            assertNotEquals(digest(record), digest(changed), changed);
        }
    }

    @Test
    void aMillionRecordsDifferingInOneFieldHaveAMillionDigests() throws Exception {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++) {
            seen.add(RecordDigest.of(JSON.createObjectNode().put("sku", "SKU-" + (i % 1000)).put("qty", i / 1000)));
        }
        assertEquals(1_000_000, seen.size());
    }
}
