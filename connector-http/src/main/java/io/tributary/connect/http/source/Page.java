package io.tributary.connect.http.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One page an endpoint answered: the URL it came from, its headers (names in lower case), its parsed body, and how
 * many records were extracted from it.
 */
public record Page(URI uri, Map<String, List<String>> headers, JsonNode body, int records) {
    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
