package io.tributary.connect.http.source;

import io.tributary.connect.common.errors.BadInputAction;
import io.tributary.connect.common.errors.SourceErrorHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies http.errors.action to an endpoint's problems: records to the error topic (what came, cut to a size
 * Kafka takes, with the endpoint, URL, status and cause in headers), or a log line, or the task's end.
 */
public final class BadInputHandler {
    private static final Logger log = LoggerFactory.getLogger(BadInputHandler.class);
    /** What an error record keeps of an answer; the rest is cut so the record fits Kafka's default size. */
    static final int MAX_CONTENT_CHARS = 100_000;
    public static final String HEADER_CONTENT_CHARS = "tributary.http.content.chars";
    /** What went wrong, in words: the endpoint, the URL and the rule that caught it. */
    public static final String HEADER_PROBLEM = "tributary.http.problem";

    private final BadInputAction action;
    private final String errorTopic;
    private final String connector;
    private final String task;

    public BadInputHandler(BadInputAction action, String errorTopic, String connector, String task) {
        this.action = action;
        this.errorTopic = errorTopic;
        this.connector = connector;
        this.task = task;
    }

    /** Error records for {@code problems}, each with {@code offset} (so it moves no position), or none. */
    public List<SourceRecord> handle(String endpoint, List<EndpointReader.Problem> problems,
                                     Map<String, ?> partition, Map<String, ?> offset) {
        List<SourceRecord> out = new ArrayList<>(problems.size());
        for (EndpointReader.Problem p : problems) {
            switch (action) {
                case FAIL -> throw new ConnectException("Endpoint " + endpoint + ": " + p.message() + " (" + p.reason()
                        + "). Set http.errors.action=error-topic to send such input to " + errorTopic
                        + " and go on, or fix the endpoint's keys under http.endpoint." + endpoint + ".", p.cause());
                case DROP -> log.warn("Endpoint {}: dropped bad input ({}): {}", endpoint, p.reason(), p.message());
                default -> out.add(record(endpoint, p, partition, offset));
            }
        }
        return out;
    }

    private SourceRecord record(String endpoint, EndpointReader.Problem p, Map<String, ?> partition, Map<String, ?> offset) {
        Headers headers = new ConnectHeaders();
        headers.addString(EndpointReader.HEADER_ENDPOINT, endpoint);
        headers.addString(EndpointReader.HEADER_URL, String.valueOf(p.url()));
        headers.addInt(EndpointReader.HEADER_STATUS, p.status());
        String content = p.content() == null ? "" : p.content();
        headers.addInt(HEADER_CONTENT_CHARS, content.length());
        headers.addString(HEADER_PROBLEM, p.message());
        Throwable cause = p.cause() != null ? p.cause() : new IllegalStateException(p.message());
        SourceErrorHeaders.add(headers, connector, task, p.reason(), cause);
        String kept = content.length() > MAX_CONTENT_CHARS ? content.substring(0, MAX_CONTENT_CHARS) : content;
        return new SourceRecord(partition, offset, errorTopic, null, Schema.STRING_SCHEMA, endpoint,
                Schema.OPTIONAL_STRING_SCHEMA, kept, System.currentTimeMillis(), headers);
    }

    public String errorTopic() {
        return errorTopic;
    }
}
