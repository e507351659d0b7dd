package io.tributary.connect.http.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * A 64-bit digest of a record's JSON, walked from the parsed tree rather than written out again: what tells a
 * repeated record from a new one when it has no key and offset to go by. Field order counts, as it does for the
 * text; at 64 bits two different records in a window of thousands share a digest about once in 10^11 windows.
 */
final class RecordDigest {
    private static final long PRIME = 0x100000001b3L;
    private static final long SEED = 0xcbf29ce484222325L;

    private RecordDigest() {
    }

    static long of(JsonNode node) {
        return mix(walk(node, SEED));
    }

    private static long walk(JsonNode node, long h) {
        switch (node.getNodeType()) {
            case OBJECT: {
                h = step(h, '{');
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    h = text(h, f.getKey());
                    h = walk(f.getValue(), step(h, ':'));
                }
                return step(h, '}');
            }
            case ARRAY: {
                h = step(h, '[');
                for (JsonNode element : node) {
                    h = step(walk(element, h), ',');
                }
                return step(h, ']');
            }
            case STRING:
                return text(step(h, '"'), node.textValue());
            case NUMBER:
                return node.isIntegralNumber() && node.canConvertToLong()
                        ? step(step(h, '#'), node.longValue()) : text(step(h, '~'), node.asText());
            case BOOLEAN:
                return step(h, node.booleanValue() ? 't' : 'f');
            case NULL:
                return step(h, 'n');
            default:
                return text(step(h, '?'), node.toString());
        }
    }

    private static long text(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = step(h, s.charAt(i));
        }
        return step(h, s.length());
    }

    private static long step(long h, long value) {
        return (h ^ value) * PRIME;
    }

    /** A final avalanche, so digests that differ in a few bits spread over all of them. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
