package io.tributary.connect.http.client;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The endpoint's answer to one request: status, the Retry-After header as sent, the body (cut at the
 * length the caller asked for), the response headers by lower-case name (empty unless asked for) and how
 * long the exchange took.
 */
public record HttpExchange(int status, String retryAfter, String body, Map<String, List<String>> headers,
                           long elapsedNanos) {
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    /** The first value of a response header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
