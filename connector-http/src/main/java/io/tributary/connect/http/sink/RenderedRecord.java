package io.tributary.connect.http.sink;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A record ready for a request: where it goes, with which headers, and its JSON (null for a tombstone).
 * {@code delete} marks a tombstone that becomes a DELETE of its own.
 */
public record RenderedRecord(URI url, List<Map.Entry<String, String>> headers, byte[] json, boolean delete) {
    /** True when this record may share a request with {@code other}'s. */
    boolean sameRequestAs(RenderedRecord other) {
        return !delete && !other.delete && url.equals(other.url) && headers.equals(other.headers);
    }
}
