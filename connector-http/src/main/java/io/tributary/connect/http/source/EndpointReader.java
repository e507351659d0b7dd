package io.tributary.connect.http.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.convert.JsonToConnect;
import io.tributary.connect.common.convert.RecordTimestamps;
import io.tributary.connect.common.template.Template;
import io.tributary.connect.http.client.HttpExchange;
import io.tributary.connect.http.client.HttpUrls;
import io.tributary.connect.http.client.OutgoingRequest;
import io.tributary.connect.http.client.RequestOutcome;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one endpoint, pass after pass: says when its next request is due (poll interval between passes, pages
 * of a pass at once, both within its rate limit), forms that request from its position, and turns the answer
 * into records whose source offsets carry the position after it. One request is open at a time. Input that
 * cannot become records comes back as {@link Problem}s; the position then stays, and the same request is made
 * again at the next poll.
 */
public final class EndpointReader {
    public static final String HEADER_ENDPOINT = "tributary.http.endpoint";
    public static final String HEADER_URL = "tributary.http.url";
    public static final String HEADER_STATUS = "tributary.http.status";
    /** A failed request is made again after its poll interval, and at least this long after. */
    static final long MIN_RETRY_PAUSE_MS = 1000;

    /** Input that could not become records: a named reason, where it came from, and what came. */
    public record Problem(String reason, String message, URI url, int status, String content, Throwable cause) {
        public static final String STATUS = "status";
        public static final String TOO_LARGE = "too-large";
        public static final String NOT_JSON = "not-json";
        public static final String NO_RECORDS = "no-records";
        public static final String BAD_RECORD = "bad-record";
        public static final String PAGING = "paging";
    }

    /** A page's body parsed, or why it is not JSON; parsed where the answer arrives, off the task's thread. */
    public record ParsedBody(JsonNode json, DataException error) {
    }

    /**
     * What an answer gave: records in order (the last carries {@code after}), problems, the positions before
     * and after, and whether the endpoint could not be reached at all (an outage, retried at its next poll).
     */
    public record Result(List<SourceRecord> records, List<Problem> problems, EndpointPosition before,
                         EndpointPosition after, int duplicates, String outage) {
    }

    private final EndpointSettings settings;
    private final RecordExtractor extractor;
    private final RecentRecords recent;
    private final Map<String, String> partition;
    private final int maxBodyChars;
    private final long spacingMs;
    private EndpointPosition position;
    private long notBeforeMs;
    private long nextRequestAtMs;
    /** When the current pass began; -1 until this reader's first request (a restarted reader may join a pass). */
    private long passStartedAtMs = -1;
    private int pagesThisPass;
    private boolean open;
    /** The offset the current pass's requests were formed with. */
    private String passOffset;

    public EndpointReader(EndpointSettings settings, EndpointPosition start, int maxBodyChars) {
        this.settings = settings;
        this.extractor = new RecordExtractor(settings.extraction());
        this.recent = settings.dedupWindow() > 0 ? new RecentRecords(settings.dedupWindow()) : null;
        this.partition = EndpointPosition.partition(settings.name());
        this.maxBodyChars = maxBodyChars;
        this.spacingMs = settings.maxRequestsPerSecond() > 0 ? (long) Math.ceil(1000 / settings.maxRequestsPerSecond()) : 0;
        this.position = start;
    }

    public String name() {
        return settings.name();
    }

    public Map<String, String> partition() {
        return partition;
    }

    public EndpointPosition position() {
        return position;
    }

    /** When the next request may go; meaningless while one is open. */
    public long dueAtMs() {
        return Math.max(notBeforeMs, nextRequestAtMs);
    }

    /** True while its request is out. */
    public boolean open() {
        return open;
    }

    public boolean due(long now) {
        return !open && now >= dueAtMs();
    }

    /** The next request, from the position: the pass's next page, or a new pass's first page. */
    public OutgoingRequest request(long now) {
        open = true;
        nextRequestAtMs = now + spacingMs;
        URI uri;
        if (position.inPass()) {
            if (passStartedAtMs < 0) {
                passStartedAtMs = now; // the pass began before a restart: the next one is an interval from here
            }
            passOffset = position.passOffset() != null ? position.passOffset() : currentOffset();
            uri = URI.create(position.nextPage());
        } else {
            passStartedAtMs = now;
            pagesThisPass = 0;
            passOffset = currentOffset();
            String offset = passOffset;
            uri = settings.pagination().first(URI.create(settings.url().render((root, path) -> HttpUrls.encode(offset))));
        }
        Template.Resolver raw = (root, path) -> passOffset;
        List<Map.Entry<String, String>> headers = new ArrayList<>(settings.headers().size() + 1);
        headers.add(Map.entry("Accept", "application/json"));
        for (Map.Entry<String, Template> h : settings.headers()) {
            headers.add(Map.entry(h.getKey(), h.getValue().render(raw)));
        }
        byte[] body = settings.body() == null ? null : settings.body().render(raw).getBytes(StandardCharsets.UTF_8);
        return new OutgoingRequest(settings.method(), uri, headers, body, body == null ? null : settings.contentType());
    }

    private String currentOffset() {
        return position.offset() != null ? position.offset() : settings.initialOffset();
    }

    /**
     * The request did not end with a 2xx answer: a status that is not retried ({@code refused}) is a problem;
     * no answer, or retried statuses until the retries ran out, an outage.
     */
    public Result failed(RequestOutcome outcome, boolean refused, long now) {
        open = false;
        notBeforeMs = now + Math.max(settings.pollIntervalMs(), MIN_RETRY_PAUSE_MS);
        if (refused) {
            Problem p = new Problem(Problem.STATUS, outcome.describe(), outcome.request().uri(), outcome.status(),
                    outcome.lastExchange().body(), null);
            return new Result(List.of(), List.of(p), position, position, 0, null);
        }
        return new Result(List.of(), List.of(), position, position, 0, outcome.describe());
    }

    /** Parses a 2xx answer's body; a body cut at the length read is not parsed (the reader reports it). */
    public static ParsedBody parse(HttpExchange exchange, int maxBodyChars) {
        if (exchange.body().length() >= maxBodyChars) {
            return new ParsedBody(null, null);
        }
        try {
            return new ParsedBody(JsonToConnect.parse(exchange.body()), null);
        } catch (DataException e) {
            return new ParsedBody(null, e);
        }
    }

    /** A 2xx answer to {@code request}: its records, and the position after it. */
    public Result answered(OutgoingRequest request, HttpExchange exchange, long now) {
        return answered(request, exchange, parse(exchange, maxBodyChars), now);
    }

    /** As {@link #answered(OutgoingRequest, HttpExchange, long)}, with the body already parsed. */
    public Result answered(OutgoingRequest request, HttpExchange exchange, ParsedBody parsed, long now) {
        open = false;
        pagesThisPass++;
        // Spaced from when the request went out: a Retry-After may have held it long after it was formed.
        nextRequestAtMs = Math.max(nextRequestAtMs, now - exchange.elapsedNanos() / 1_000_000 + spacingMs);
        EndpointPosition before = position;
        URI uri = request.uri();
        String body = exchange.body();
        if (body.length() >= maxBodyChars) {
            return stopped(new Problem(Problem.TOO_LARGE, "the answer from " + uri + " is longer than "
                    + "http.response.max.chars=" + maxBodyChars, uri, exchange.status(), body.substring(0, 1000), null), now);
        }
        if (parsed.error() != null) {
            return stopped(new Problem(Problem.NOT_JSON, "the answer from " + uri + " is " + parsed.error().getMessage(),
                    uri, exchange.status(), body, parsed.error()), now);
        }
        JsonNode json = parsed.json();
        RecordExtractor.Extraction extraction;
        try {
            extraction = extractor.extract(json);
        } catch (RecordExtractor.ExtractionException e) {
            return stopped(new Problem(Problem.NO_RECORDS, "the answer from " + uri + ": " + e.getMessage(), uri,
                    exchange.status(), body, e), now);
        }
        List<Problem> problems = new ArrayList<>();
        for (RecordExtractor.Rejected r : extraction.rejected()) {
            problems.add(new Problem(Problem.BAD_RECORD, "a record from " + uri + ": " + r.cause().getMessage(), uri,
                    exchange.status(), r.node().toString(), r.cause()));
        }
        int read = extraction.records().size() + extraction.rejected().size();
        URI next = null;
        try {
            next = settings.pagination().next(new Page(uri, exchange.headers(), json, read));
            if (next != null && pagesThisPass >= settings.maxPagesPerPass()) {
                next = null;
                problems.add(new Problem(Problem.PAGING, "the pass over " + settings.name() + " reached "
                        + "pagination.max.pages=" + settings.maxPagesPerPass() + " pages and ends there; the API may "
                        + "page forever, or the key is too low", uri, exchange.status(), "", null));
            }
        } catch (PagingException e) {
            problems.add(new Problem(Problem.PAGING, "the pages of " + settings.name() + " end at " + uri + ": "
                    + e.getMessage(), uri, exchange.status(), body, e));
        }
        String offset = position.offset();
        List<SourceRecord> records = new ArrayList<>(extraction.records().size());
        List<RecordExtractor.Extracted> kept = new ArrayList<>(extraction.records().size());
        int duplicates = 0;
        for (RecordExtractor.Extracted e : extraction.records()) {
            String value = settings.incremental() ? text(e.node().at(settings.offsetPointer())) : null;
            offset = larger(offset, value);
            if (recent != null && !recent.firstSighting(identity(e, value))) {
                duplicates++;
                continue;
            }
            kept.add(e);
        }
        position = new EndpointPosition(offset, next == null ? null : next.toString(), next == null ? null : passOffset);
        notBeforeMs = next != null ? now : passStartedAtMs + settings.pollIntervalMs();
        Map<String, Object> beforeMap = before.toMap();
        Map<String, Object> afterMap = position.toMap();
        for (int i = 0; i < kept.size(); i++) {
            RecordExtractor.Extracted e = kept.get(i);
            Headers headers = new ConnectHeaders();
            headers.addString(HEADER_ENDPOINT, settings.name());
            headers.addString(HEADER_URL, uri.toString());
            headers.addInt(HEADER_STATUS, exchange.status());
            for (Map.Entry<String, JsonPointer> h : settings.recordHeaders().entrySet()) {
                String v = text(e.node().at(h.getValue()));
                if (v != null) {
                    headers.addString(h.getKey(), v);
                }
            }
            SchemaAndValue key = e.key();
            records.add(new SourceRecord(partition, i == kept.size() - 1 ? afterMap : beforeMap, settings.topic(), null,
                    key.schema(), key.value(), e.value().schema(), e.value().value(),
                    e.timestampMillis() != null ? RecordTimestamps.choose(e.timestampMillis(), now) : now, headers));
        }
        return new Result(records, problems, before, position, duplicates, null);
    }

    /** A page that gave no records: the position stays, and the same request is made at the next poll. */
    private Result stopped(Problem problem, long now) {
        notBeforeMs = now + Math.max(settings.pollIntervalMs(), MIN_RETRY_PAUSE_MS);
        return new Result(List.of(), List.of(problem), position, position, 0, null);
    }

    /** Key and offset value when the endpoint has both; otherwise a digest of the whole record. */
    private Object identity(RecordExtractor.Extracted e, String offsetValue) {
        if (offsetValue != null && !settings.extraction().key().matches()) {
            return String.valueOf(e.key().value()) + '\u0000' + offsetValue;
        }
        return RecordDigest.of(e.node());
    }

    /** The larger offset: by value when both are numbers, otherwise by text. */
    static String larger(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return y.compareTo(x) > 0 ? b : a;
        }
        return b.compareTo(a) > 0 ? b : a;
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
