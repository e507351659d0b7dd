package io.tributary.connect.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The HTTP sink benchmark's records: flat inventory rows as schemaless JSON (about 110 bytes), the same
 * text in the topic, in the connector's requests and in the limit's.
 */
final class HttpRecords {
    private HttpRecords() {
    }

    static String json(long id) {
        return String.format(Locale.ROOT, "{\"id\":%d,\"sku\":\"SKU-%07d\",\"store\":%d,\"qty\":%d,\"price\":%d.%02d,"
                + "\"updated_at\":\"2026-12-03T10:%02d:%02d.%03dZ\"}", id, id, id % 50, id % 997, 1 + id % 90, id % 100,
                id / 60 % 60, id % 60, id % 1000);
    }

    /** The body the sink sends for {@code records} records: one object, or a JSON array of them. */
    static byte[] body(int records, boolean single) {
        if (single) {
            return json(0).getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < records; i++) {
            body.append(i == 0 ? "" : ",").append(json(i));
        }
        return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
