package io.tributary.connect.http.client;

/**
 * What of an answer a caller reads: at most {@code maxBodyChars} of the body, the bodies of 2xx answers only with
 * {@code successBodies} (a sink needs only failures' bodies, a source every page), and the response headers only
 * with {@code headers} (a source's Link paging needs them).
 */
public record ResponseReading(int maxBodyChars, boolean successBodies, boolean headers) {
    /** Bodies of failures only, no headers: what a sink reads. */
    public static ResponseReading failuresOnly(int maxBodyChars) {
        return new ResponseReading(maxBodyChars, false, false);
    }
}
