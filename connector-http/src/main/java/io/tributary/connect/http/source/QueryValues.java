package io.tributary.connect.http.source;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads a query parameter back from a page's URL, as the paging strategies set it. */
final class QueryValues {
    private QueryValues() {
    }

    /** The parameter's last value, decoded, or null. */
    static String value(URI uri, String name) {
        String raw = uri.getRawQuery();
        if (raw == null) {
            return null;
        }
        String found = null;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                found = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return found;
    }

    static long longValue(URI uri, String name, long otherwise) {
        String v = value(uri, name);
        try {
            return v == null ? otherwise : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new PagingException("the page's URL has " + name + "=" + v + ", which is not a number");
        }
    }
}
