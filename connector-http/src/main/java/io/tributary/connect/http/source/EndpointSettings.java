package io.tributary.connect.http.source;

import com.fasterxml.jackson.core.JsonPointer;
import io.tributary.connect.common.template.Template;

import java.util.List;
import java.util.Map;

/**
 * One named endpoint as its reader needs it: the request (URL, method, headers and body, templates over
 * {@code ${offset}}), how often it is asked and how fast, how its pages follow one another, where its records
 * are, which value of them is the offset kept between passes, and how many records it remembers to drop repeats.
 */
public record EndpointSettings(String name, Template url, String method, List<Map.Entry<String, Template>> headers,
                               Template body, String contentType, String topic, long pollIntervalMs,
                               double maxRequestsPerSecond, Pagination pagination, int maxPagesPerPass,
                               RecordExtractor.Settings extraction, Map<String, JsonPointer> recordHeaders,
                               JsonPointer offsetPointer, String initialOffset, int dedupWindow) {
    /** The placeholder root of request templates: the offset kept between passes. */
    public static final String OFFSET_ROOT = "offset";

    /** True when the endpoint keeps an offset from its records. */
    public boolean incremental() {
        return !offsetPointer.matches();
    }
}
