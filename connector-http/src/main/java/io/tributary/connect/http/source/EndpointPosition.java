package io.tributary.connect.http.source;

import io.tributary.connect.http.client.HttpUrls;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where an endpoint's reading stands, as Connect keeps it in the source offset of the endpoint's partition
 * ({@code {"endpoint": "<name>"}}): the offset value kept from its records, and, in the middle of a pass, the
 * next page's URL and the offset the pass started with, so a restart goes on with the next page rather than
 * reading the pass again.
 */
public record EndpointPosition(String offset, String nextPage, String passOffset) {
    public static final String PARTITION_ENDPOINT = "endpoint";
    public static final String OFFSET = "offset";
    public static final String NEXT_PAGE = "next_page";
    public static final String PASS_OFFSET = "pass_offset";
    private static final Set<String> KEYS = Set.of(OFFSET, NEXT_PAGE, PASS_OFFSET);

    /** Nothing read yet. */
    public static final EndpointPosition START = new EndpointPosition(null, null, null);

    public static Map<String, String> partition(String endpoint) {
        return Map.of(PARTITION_ENDPOINT, endpoint);
    }

    public boolean inPass() {
        return nextPage != null;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new HashMap<>();
        map.put(OFFSET, offset);
        if (nextPage != null) {
            map.put(NEXT_PAGE, nextPage);
            map.put(PASS_OFFSET, passOffset);
        }
        return map;
    }

    /** The position Connect kept (null: none), checked as {@link #check} does. */
    public static EndpointPosition fromMap(Map<String, ?> stored) {
        if (stored == null || stored.isEmpty()) {
            return START;
        }
        check(stored);
        return new EndpointPosition(text(stored.get(OFFSET)), text(stored.get(NEXT_PAGE)), text(stored.get(PASS_OFFSET)));
    }

    /**
     * Throws IllegalArgumentException, saying what is wrong, for an offset a user could not have meant: unknown
     * keys, values that are not text or numbers, a next page that is no http(s) URL.
     */
    public static void check(Map<String, ?> offset) {
        for (Map.Entry<String, ?> e : offset.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown offset key '" + e.getKey() + "'; an endpoint's offset has "
                        + "\"" + OFFSET + "\" (the value kept from its records) and, in the middle of a pass, \""
                        + NEXT_PAGE + "\" and \"" + PASS_OFFSET + "\"");
            }
            Object v = e.getValue();
            if (v != null && !(v instanceof String) && !(v instanceof Number)) {
                throw new IllegalArgumentException("\"" + e.getKey() + "\" must be text or a number, not " + v);
            }
        }
        Object next = offset.get(NEXT_PAGE);
        if (next != null && !HttpUrls.isHttpUrl(next.toString())) {
            throw new IllegalArgumentException("\"" + NEXT_PAGE + "\" must be the http:// or https:// URL of the "
                    + "page to read next, not " + next);
        }
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }
}
