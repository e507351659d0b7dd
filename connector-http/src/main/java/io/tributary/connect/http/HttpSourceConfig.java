package io.tributary.connect.http;

import com.fasterxml.jackson.core.JsonPointer;
import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.config.ConfigChoices;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.errors.BadInputAction;
import io.tributary.connect.common.naming.KafkaTopicNames;
import io.tributary.connect.common.template.Template;
import io.tributary.connect.http.client.HttpClientConfig;
import io.tributary.connect.http.client.HttpClientSettings;
import io.tributary.connect.http.client.HttpRetryConfig;
import io.tributary.connect.http.client.RetryPolicy;
import io.tributary.connect.http.source.EndpointSettings;
import io.tributary.connect.http.source.Pagination;
import io.tributary.connect.http.source.RecordExtractor;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP source's keys: the named endpoints (http.endpoints) with their keys under
 * {@code http.endpoint.<name>.}, what happens to bad input, and the client and retry keys the sink has too.
 * The endpoint keys are defined per name, so validate checks and names each endpoint's keys.
 */
public final class HttpSourceConfig extends AbstractConfig {
    public static final String ENDPOINTS = "http.endpoints";
    public static final String ENDPOINT_PREFIX = "http.endpoint.";
    public static final String RESPONSE_MAX_CHARS = "http.response.max.chars";
    public static final String ERRORS_ACTION = "http.errors.action";
    public static final String ERRORS_TOPIC = "http.errors.topic";

    // The keys of one endpoint, under http.endpoint.<name>.
    public static final String URL = "url";
    public static final String METHOD = "method";
    public static final String HEADERS = "headers";
    public static final String SENSITIVE_HEADERS = "headers.sensitive";
    public static final String BODY = "body";
    public static final String CONTENT_TYPE = "content.type";
    public static final String TOPIC = "topic";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String MAX_REQUESTS_PER_SECOND = "max.requests.per.second";
    public static final String PAGINATION = "pagination";
    public static final String PAGINATION_OFFSET_PARAMETER = "pagination.offset.parameter";
    public static final String PAGINATION_LIMIT_PARAMETER = "pagination.limit.parameter";
    public static final String PAGINATION_LIMIT = "pagination.limit";
    public static final String PAGINATION_PAGE_PARAMETER = "pagination.page.parameter";
    public static final String PAGINATION_FIRST_PAGE = "pagination.first.page";
    public static final String PAGINATION_PAGE_SIZE = "pagination.page.size";
    public static final String PAGINATION_CURSOR_POINTER = "pagination.cursor.pointer";
    public static final String PAGINATION_CURSOR_PARAMETER = "pagination.cursor.parameter";
    public static final String PAGINATION_NEXT_URL_POINTER = "pagination.next.url.pointer";
    public static final String PAGINATION_MAX_PAGES = "pagination.max.pages";
    public static final String RECORDS_POINTER = "records.pointer";
    public static final String KEY_POINTER = "key.pointer";
    public static final String TIMESTAMP_POINTER = "timestamp.pointer";
    public static final String VALUE_FORMAT = "value.format";
    public static final String RECORD_HEADERS = "record.headers";
    public static final String OFFSET_POINTER = "offset.pointer";
    public static final String OFFSET_INITIAL = "offset.initial";
    public static final String DEDUP_WINDOW = "dedup.window.records";

    /** Placeholders of an endpoint's URL, headers and body: the offset kept between passes. */
    public static final Set<String> REQUEST_ROOTS = Set.of(EndpointSettings.OFFSET_ROOT);

    /** The HTTP method of an endpoint's requests. */
    public enum Method implements ConfigChoice { GET, POST;

        @Override
        public String configValue() {
            return name();
        }
    }

    /** How an endpoint's pages follow one another. */
    public enum PaginationStyle implements ConfigChoice { NONE, OFFSET_LIMIT, PAGE_NUMBER, CURSOR, NEXT_URL, LINK_HEADER }

    /** The keys every connector has once, whatever its endpoints: what the worker lists as the plugin's keys. */
    public static final ConfigDef CONFIG_DEF = new ConfigDefBuilder()
            .group("Endpoints")
            .defineRequired(ENDPOINTS, Type.LIST, new EndpointNamesValidator(), Importance.HIGH,
                    "Names of the endpoints to poll, as prices,stores; each name's keys follow under "
                            + "http.endpoint.<name>. (url, topic, pagination, ...). The endpoints are dealt out over "
                            + "tasks.max tasks; each is read by exactly one task.", "Endpoints")
            .define(RESPONSE_MAX_CHARS, Type.INT, 64 * 1024 * 1024, ConfigDef.Range.between(1024, Integer.MAX_VALUE - 8),
                    Importance.LOW, "Largest answer read, in characters; a longer one is bad input (it would be cut "
                            + "and not parse).", "Largest answer")
            .group("Errors")
            .defineChoice(ERRORS_ACTION, BadInputAction.ERROR_TOPIC, Importance.MEDIUM,
                    "What happens to input that cannot become records: a body that is not JSON or has no records "
                            + "where the pointer says, a record whose timestamp cannot be read, a status that is not "
                            + "retried, pages that never end. 'error-topic' writes it to http.errors.topic with the "
                            + "endpoint, URL, status and cause in headers, 'drop' logs and counts it, 'fail' stops "
                            + "the task naming the endpoint and the cause. The endpoint is asked again at its next "
                            + "poll from where it stopped.", "Bad input")
            .define(ERRORS_TOPIC, Type.STRING, "", new OptionalTopicValidator(), Importance.MEDIUM,
                    "Kafka topic for bad input; empty means '<connector name>.errors'.", "Error topic")
            .apply(b -> HttpRetryConfig.define(b, "before the request counts as an outage: the endpoint is asked again "
                    + "at its next poll, from where it stopped; an endpoint that is down never fails the task.", "Other non-2xx statuses are bad "
                    + "input at once (http.errors.action)."))
            .apply(b -> HttpClientConfig.define(b, ENDPOINT_PREFIX + "<name>." + URL))
            .build();

    /** The reference's view: the connector's keys and one endpoint's, named {@code <name>}. */
    public static ConfigDef referenceDef() {
        return configDef(List.of("<name>"));
    }

    private final List<String> endpointNames;

    public HttpSourceConfig(Map<String, String> props) {
        this(props, endpointNames(props));
    }

    private HttpSourceConfig(Map<String, String> props, List<String> names) {
        super(configDef(names), props);
        this.endpointNames = names;
    }

    /** The connector's keys plus those of each named endpoint. */
    public static ConfigDef configDef(List<String> names) {
        ConfigDef def = new ConfigDef(CONFIG_DEF);
        for (String name : names) {
            defineEndpoint(new ConfigDefBuilder(def), name);
        }
        return def;
    }

    /** The endpoint names as written, or none when the key is missing or malformed (validate says so). */
    public static List<String> endpointNames(Map<String, String> props) {
        String raw = props.get(ENDPOINTS);
        if (raw == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String n : raw.split(",")) {
            String name = n.trim();
            if (!name.isEmpty() && name.matches(EndpointNamesValidator.NAME) && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The full key of an endpoint's {@code suffix}. */
    public static String key(String endpoint, String suffix) {
        return ENDPOINT_PREFIX + endpoint + "." + suffix;
    }

    private static void defineEndpoint(ConfigDefBuilder b, String name) {
        String example = "https://api.example.com/v1/prices?since=${offset}";
        b.group("Endpoint " + name)
                .defineRequired(key(name, URL), Type.STRING, RequestTemplates.urlValidator(REQUEST_ROOTS, example),
                        Importance.HIGH, "The endpoint's URL, as " + example + "; ${offset} is the offset kept "
                                + "from its records (offset.pointer), URL-encoded, or offset.initial before the first. "
                                + "Paging adds its own query parameters.", "URL")
                .defineRequired(key(name, TOPIC), Type.STRING, new TopicValidator(), Importance.HIGH,
                        "Kafka topic the endpoint's records go to.", "Topic")
                .defineChoice(key(name, METHOD), Method.GET, Importance.MEDIUM,
                        "HTTP method: GET, or POST for APIs queried with a body.", "Method")
                .define(key(name, HEADERS), Type.STRING, "", RequestTemplates.headersValidator(REQUEST_ROOTS),
                        Importance.MEDIUM, "Headers of the endpoint's requests, as 'Name: value' entries separated "
                                + "by '|' (Accept: application/json|X-Since: ${offset}).", "Headers")
                .define(key(name, SENSITIVE_HEADERS), Type.PASSWORD, null, RequestTemplates.headersValidator(REQUEST_ROOTS),
                        Importance.MEDIUM, "Headers whose values are secrets, in the form of headers; stored as a "
                                + "Connect password, never logged.", "Sensitive headers")
                .define(key(name, BODY), Type.STRING, "", Validators.template(REQUEST_ROOTS), Importance.MEDIUM,
                        "With method=POST: the request body, as {\"since\": \"${offset}\"} (the offset goes in as "
                                + "it is). Every page of a pass sends the same body.", "Body")
                .define(key(name, CONTENT_TYPE), Type.STRING, "application/json", null, Importance.LOW,
                        "Content-Type of the body.", "Content type")
                .define(key(name, POLL_INTERVAL_MS), Type.LONG, 60_000L, ConfigDef.Range.atLeast(0), Importance.HIGH,
                        "Time between the starts of two passes over the endpoint. A pass reads page after page at "
                                + "once (within max.requests.per.second) until the last.", "Poll interval")
                .define(key(name, MAX_REQUESTS_PER_SECOND), Type.DOUBLE, 0.0, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "Most requests per second to this endpoint, pages included; 0: no limit. A 429 or 503 "
                                + "with Retry-After holds requests until the time it names besides.", "Rate limit")
                .defineChoice(key(name, PAGINATION), PaginationStyle.NONE, Importance.HIGH,
                        "How pages follow one another: none (one answer); offset_limit (offset and limit query "
                                + "parameters; a page with fewer records than the limit is the last); page_number (a "
                                + "page query parameter; an empty page, or one shorter than pagination.page.size, is "
                                + "the last); cursor (a token read at pagination.cursor.pointer, sent back in "
                                + "pagination.cursor.parameter; none or an empty one ends); next_url (the next page's "
                                + "URL read at pagination.next.url.pointer); link_header (the Link header's "
                                + "rel=\"next\").", "Pagination")
                .define(key(name, PAGINATION_OFFSET_PARAMETER), Type.STRING, "offset", Validators.nonBlank("name the "
                        + "query parameter"), Importance.LOW, "pagination=offset_limit: the offset's query parameter.",
                        "Offset parameter")
                .define(key(name, PAGINATION_LIMIT_PARAMETER), Type.STRING, "limit", Validators.nonBlank("name the "
                        + "query parameter"), Importance.LOW, "pagination=offset_limit: the limit's query parameter.",
                        "Limit parameter")
                .define(key(name, PAGINATION_LIMIT), Type.INT, 100, ConfigDef.Range.between(1, 1_000_000), Importance.MEDIUM,
                        "pagination=offset_limit: records asked for per page.", "Limit")
                .define(key(name, PAGINATION_PAGE_PARAMETER), Type.STRING, "page", Validators.nonBlank("name the "
                        + "query parameter"), Importance.LOW, "pagination=page_number: the page's query parameter.",
                        "Page parameter")
                .define(key(name, PAGINATION_FIRST_PAGE), Type.LONG, 1L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "pagination=page_number: the first page's number.", "First page")
                .define(key(name, PAGINATION_PAGE_SIZE), Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "pagination=page_number: the records of a full page, so a shorter one ends the pass without "
                                + "asking for an empty one; 0: only an empty page ends it.", "Page size")
                .define(key(name, PAGINATION_CURSOR_POINTER), Type.STRING, "", new PointerValidator(), Importance.MEDIUM,
                        "pagination=cursor: JSON pointer to the next page's cursor in the body, as /meta/next_cursor.",
                        "Cursor pointer")
                .define(key(name, PAGINATION_CURSOR_PARAMETER), Type.STRING, "cursor", Validators.nonBlank("name the "
                        + "query parameter"), Importance.LOW, "pagination=cursor: the query parameter the cursor goes "
                        + "back in.", "Cursor parameter")
                .define(key(name, PAGINATION_NEXT_URL_POINTER), Type.STRING, "", new PointerValidator(), Importance.MEDIUM,
                        "pagination=next_url: JSON pointer to the next page's URL in the body, as /links/next "
                                + "(relative URLs are resolved against the page's).", "Next URL pointer")
                .define(key(name, PAGINATION_MAX_PAGES), Type.INT, 100_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Most pages in one pass: past it the API is taken to page forever (bad input) and the pass "
                                + "ends.", "Pages per pass")
                .define(key(name, RECORDS_POINTER), Type.STRING, "", new PointerValidator(), Importance.HIGH,
                        "JSON pointer to the array of records in a page, as /data/items; empty: the body itself. "
                                + "An object there is one record; null is none.", "Records pointer")
                .define(key(name, KEY_POINTER), Type.STRING, "", new PointerValidator(), Importance.MEDIUM,
                        "JSON pointer to the record key inside a record, as /sku; empty: no key.", "Key pointer")
                .define(key(name, TIMESTAMP_POINTER), Type.STRING, "", new PointerValidator(), Importance.LOW,
                        "JSON pointer to the record timestamp inside a record (epoch milliseconds or ISO-8601); "
                                + "empty, a record without it, or a time more than an hour ahead (which brokers "
                                + "refuse by default): the time the page arrived.", "Timestamp pointer")
                .defineChoice(key(name, VALUE_FORMAT), RecordExtractor.ValueFormat.SCHEMALESS, Importance.MEDIUM,
                        "The record value: schemaless (maps and lists, for JSON converters without schemas), "
                                + "inferred (a Struct with a schema inferred from the record: numbers as int64 or "
                                + "float64, every field optional) or text (the record's JSON as a string).", "Value")
                .define(key(name, RECORD_HEADERS), Type.LIST, "", new RecordHeadersValidator(), Importance.LOW,
                        "Record headers read from each record, as name=/pointer pairs (region=/store/region); "
                                + "besides, every record has tributary.http.endpoint, tributary.http.url and "
                                + "tributary.http.status.", "Record headers")
                .define(key(name, OFFSET_POINTER), Type.STRING, "", new PointerValidator(), Importance.HIGH,
                        "JSON pointer to the value kept as the endpoint's offset, as /updated_at or /id: the "
                                + "largest seen (numbers by value, text by order) goes into ${offset} of the next "
                                + "pass and into Connect's source offset, so a restart resumes there. Empty: no offset; "
                                + "every pass reads the same request.", "Offset pointer")
                .define(key(name, OFFSET_INITIAL), Type.STRING, "", null, Importance.MEDIUM,
                        "${offset} before any record was read (and after an offset reset).", "Initial offset")
                .define(key(name, DEDUP_WINDOW), Type.INT, 10_000, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Records remembered to drop those seen again when pages overlap (an API that answers "
                                + "'since' inclusively, pages that shift while read): by key and offset value when both "
                                + "pointers are set, otherwise by the whole record; 0: keep every record.",
                        "De-duplication window");
    }

    public List<String> endpointNames() {
        return endpointNames;
    }

    public EndpointSettings endpoint(String name) {
        return new EndpointSettings(name, Template.parse(string(name, URL), REQUEST_ROOTS),
                ConfigChoices.parse(Method.class, key(name, METHOD), getString(key(name, METHOD))).name(),
                RequestTemplates.headers(getString(key(name, HEADERS)), getPassword(key(name, SENSITIVE_HEADERS)),
                        REQUEST_ROOTS),
                string(name, BODY).isEmpty() ? null : Template.parse(getString(key(name, BODY)), REQUEST_ROOTS),
                string(name, CONTENT_TYPE), string(name, TOPIC), getLong(key(name, POLL_INTERVAL_MS)),
                getDouble(key(name, MAX_REQUESTS_PER_SECOND)), pagination(name), getInt(key(name, PAGINATION_MAX_PAGES)),
                new RecordExtractor.Settings(pointer(name, RECORDS_POINTER), pointer(name, KEY_POINTER),
                        pointer(name, TIMESTAMP_POINTER), valueFormat(name)),
                recordHeaders(getList(key(name, RECORD_HEADERS))), pointer(name, OFFSET_POINTER),
                getString(key(name, OFFSET_INITIAL)), getInt(key(name, DEDUP_WINDOW)));
    }

    public PaginationStyle paginationStyle(String name) {
        return ConfigChoices.parse(PaginationStyle.class, key(name, PAGINATION), getString(key(name, PAGINATION)));
    }

    private Pagination pagination(String name) {
        return switch (paginationStyle(name)) {
            case NONE -> Pagination.NONE;
            case OFFSET_LIMIT -> new Pagination.OffsetLimit(string(name, PAGINATION_OFFSET_PARAMETER),
                    string(name, PAGINATION_LIMIT_PARAMETER), getInt(key(name, PAGINATION_LIMIT)), 0);
            case PAGE_NUMBER -> new Pagination.PageNumber(string(name, PAGINATION_PAGE_PARAMETER),
                    getLong(key(name, PAGINATION_FIRST_PAGE)), getInt(key(name, PAGINATION_PAGE_SIZE)));
            case CURSOR -> new Pagination.Cursor(pointer(name, PAGINATION_CURSOR_POINTER),
                    string(name, PAGINATION_CURSOR_PARAMETER));
            case NEXT_URL -> new Pagination.NextUrl(pointer(name, PAGINATION_NEXT_URL_POINTER));
            case LINK_HEADER -> new Pagination.LinkHeader();
        };
    }

    private RecordExtractor.ValueFormat valueFormat(String name) {
        return ConfigChoices.parse(RecordExtractor.ValueFormat.class, key(name, VALUE_FORMAT),
                getString(key(name, VALUE_FORMAT)));
    }

    private String string(String name, String suffix) {
        return getString(key(name, suffix)).trim();
    }

    private JsonPointer pointer(String name, String suffix) {
        return JsonPointer.compile(string(name, suffix));
    }

    static Map<String, JsonPointer> recordHeaders(List<String> pairs) {
        Map<String, JsonPointer> headers = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            headers.put(pair.substring(0, eq).trim(), JsonPointer.compile(pair.substring(eq + 1).trim()));
        }
        return headers;
    }

    public BadInputAction errorsAction() {
        return ConfigChoices.parse(BadInputAction.class, ERRORS_ACTION, getString(ERRORS_ACTION));
    }

    /** The error topic, by default named after the connector. */
    public String errorsTopic(String connector) {
        String topic = getString(ERRORS_TOPIC).trim();
        return topic.isEmpty() ? KafkaTopicNames.legal(connector + ".errors") : topic;
    }

    public int responseMaxChars() {
        return getInt(RESPONSE_MAX_CHARS);
    }

    public RetryPolicy retryPolicy() {
        return HttpRetryConfig.policy(this);
    }

    public HttpClientSettings client() {
        return HttpClientConfig.settings(this);
    }

    static final class EndpointNamesValidator implements ConfigDef.Validator {
        static final String NAME = "[A-Za-z0-9_-]+";

        @Override
        @SuppressWarnings("unchecked")
        public void ensureValid(String name, Object value) {
            List<String> names = (List<String>) value;
            if (names == null || names.isEmpty()) {
                throw new ConfigException(name, value, "name at least one endpoint, as prices, and set its keys under "
                        + "http.endpoint.prices.");
            }
            Set<String> seen = new java.util.HashSet<>();
            for (String n : names) {
                String endpoint = n.trim();
                if (!endpoint.matches(NAME)) {
                    throw new ConfigException(name, value, "'" + endpoint + "' is not an endpoint name; use letters, "
                            + "digits, '_' and '-' only");
                }
                if (!seen.add(endpoint)) {
                    throw new ConfigException(name, value, "'" + endpoint + "' is named twice; name each endpoint once");
                }
            }
        }

        @Override
        public String toString() {
            return "names of letters, digits, '_' and '-', separated by commas";
        }
    }

    static final class PointerValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String v = value == null ? "" : value.toString().trim();
            try {
                JsonPointer.compile(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "is not a JSON pointer; write it as /data/items (RFC 6901: "
                        + "starts with '/', '~1' for a '/' in a name), or leave it empty");
            }
        }

        @Override
        public String toString() {
            return "a JSON pointer (RFC 6901), as /data/items, or empty";
        }
    }

    static final class RecordHeadersValidator implements ConfigDef.Validator {
        private final ConfigDef.Validator pairs = Validators.namedValues("region=/store/region");

        @Override
        @SuppressWarnings("unchecked")
        public void ensureValid(String name, Object value) {
            pairs.ensureValid(name, value);
            for (String pair : (List<String>) value) {
                new PointerValidator().ensureValid(name, pair.substring(pair.indexOf('=') + 1));
            }
        }

        @Override
        public String toString() {
            return "name=/pointer pairs";
        }
    }

    static final class TopicValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String v = value == null ? "" : value.toString().trim();
            if (!KafkaTopicNames.isLegal(v)) {
                throw new ConfigException(name, value, "is not a legal Kafka topic name: use 1 to 249 letters, "
                        + "digits, '.', '_' or '-'");
            }
        }

        @Override
        public String toString() {
            return "a Kafka topic name";
        }
    }

    static final class OptionalTopicValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && !value.toString().isBlank()) {
                new TopicValidator().ensureValid(name, value);
            }
        }

        @Override
        public String toString() {
            return "empty, or a Kafka topic name";
        }
    }
}
