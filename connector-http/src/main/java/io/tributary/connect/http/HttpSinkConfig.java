package io.tributary.connect.http;

import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.config.ConfigChoices;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.errors.ErrantRecords;
import io.tributary.connect.common.template.SinkRecordResolver;
import io.tributary.connect.common.template.Template;
import io.tributary.connect.http.client.HttpClientConfig;
import io.tributary.connect.http.client.HttpClientSettings;
import io.tributary.connect.http.client.HttpRetryConfig;
import io.tributary.connect.http.client.RetryPolicy;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The HTTP sink's keys: endpoint, body, batching, retries, plus the shared client keys. */
public final class HttpSinkConfig extends AbstractConfig {
    public static final String URL = "http.url";
    public static final String METHOD = "http.method";
    public static final String HEADERS = "http.headers";
    public static final String SENSITIVE_HEADERS = "http.headers.sensitive";
    public static final String CONTENT_TYPE = "http.content.type";

    public static final String BODY_FORMAT = "body.format";
    public static final String BODY_TEMPLATE = "body.template";
    public static final String BODY_STRINGS = "body.strings";
    public static final String TOMBSTONES = "tombstones";

    public static final String BATCH_MAX_RECORDS = "batch.max.records";
    public static final String BATCH_MAX_BYTES = "batch.max.bytes";
    public static final String BATCH_LINGER_MS = "batch.linger.ms";
    public static final String MAX_IN_FLIGHT = "max.in.flight.requests";
    public static final String MAX_BUFFERED_RECORDS = "max.buffered.records";

    public static final String RETRY_TIMEOUT_MS = HttpRetryConfig.RETRY_TIMEOUT_MS;
    public static final String RETRY_STATUS_CODES = HttpRetryConfig.RETRY_STATUS_CODES;

    public static final String REPORTER_PREFIX = "reporter.";
    public static final String REPORTER_BOOTSTRAP_SERVERS = "reporter.bootstrap.servers";
    public static final String REPORTER_RESULT_TOPIC = "reporter.result.topic.name";
    public static final String REPORTER_ERROR_TOPIC = "reporter.error.topic.name";
    public static final String REPORTER_RESPONSE_MAX_CHARS = "reporter.response.max.chars";


    /** Placeholders of http.url and http.headers: the record's coordinates, key, value fields, headers, time. */
    public static final Set<String> RECORD_ROOTS = SinkRecordResolver.ROOTS;
    /** Placeholders of body.template: the batch's records and where they came from. */
    public static final Set<String> BATCH_ROOTS = Set.of("records", "count", "topic", "partition");

    /** The HTTP method of record requests. */
    public enum Method implements ConfigChoice { POST, PUT, PATCH, DELETE;

        @Override
        public String configValue() {
            return name();
        }
    }

    /** How a request body holds its records. */
    public enum BodyFormat implements ConfigChoice {
        /** [r1,r2,...] */
        JSON_ARRAY,
        /** One JSON document per line. */
        NDJSON,
        /** One record per request, its JSON as the body. */
        SINGLE,
        /** body.template with ${records} and friends. */
        TEMPLATE
    }

    /** What a string (or bytes) value is. */
    public enum BodyStrings implements ConfigChoice {
        /** JSON text already: sent as it is, after a check that it parses. */
        JSON,
        /** Text: sent as a JSON string. */
        TEXT
    }

    /** What a record with a null value (a tombstone) does. */
    public enum Tombstones implements ConfigChoice {
        /** Nothing is sent; the offset still commits. */
        SKIP,
        /** A DELETE to the record's URL, without a body. */
        DELETE,
        /** JSON null in arrays and lines; no body with body.format=single. */
        NULL_BODY
    }

    public static final ConfigDef CONFIG_DEF = new ConfigDefBuilder()
            .group("Endpoint")
            .defineRequired(URL, Type.STRING, RequestTemplates.urlValidator(RECORD_ROOTS, "https://api.example.com/v1/events"), Importance.HIGH,
                    "Where records go: an http:// or https:// URL, optionally with placeholders ${topic}, ${partition}, "
                            + "${offset}, ${key}, ${key.field}, ${value.field.sub}, ${header.name}, ${timestamp}; "
                            + "each value is URL-encoded. Records whose URLs differ never share a request.",
                    "URL")
            .defineChoice(METHOD, Method.POST, Importance.HIGH, "HTTP method: POST, PUT, PATCH or DELETE.", "Method")
            .define(HEADERS, Type.STRING, "", RequestTemplates.headersValidator(RECORD_ROOTS), Importance.MEDIUM,
                    "Headers of every request, as 'Name: value' entries separated by '|' (X-Source: kafka|X-Topic: "
                            + "${topic}); values may hold the same placeholders as http.url.", "Headers")
            .define(SENSITIVE_HEADERS, Type.PASSWORD, null, RequestTemplates.headersValidator(RECORD_ROOTS), Importance.MEDIUM,
                    "Headers whose values are secrets, in the form of http.headers; stored as a Connect password, "
                            + "never logged.", "Sensitive headers")
            .define(CONTENT_TYPE, Type.STRING, "", null, Importance.LOW,
                    "Content-Type of request bodies; empty: application/json, or application/x-ndjson with "
                            + "body.format=ndjson.", "Content type")
            .group("Body")
            .defineChoice(BODY_FORMAT, BodyFormat.JSON_ARRAY, Importance.HIGH,
                    "How a request holds its records: json_array ([r1,r2]); ndjson (one JSON document per line); "
                            + "single (one record per request, its JSON as the body); template (body.template).",
                    "Body format")
            .define(BODY_TEMPLATE, Type.STRING, "", Validators.template(BATCH_ROOTS), Importance.MEDIUM,
                    "With body.format=template: the body around the records, with ${records} (their JSON array), "
                            + "${count}, ${topic}, ${partition}, as {\"source\":\"${topic}\",\"items\":${records}}.",
                    "Body template")
            .defineChoice(BODY_STRINGS, BodyStrings.JSON, Importance.MEDIUM,
                    "What string and bytes values hold: json (JSON text, sent as it is once it parses; what a "
                            + "StringConverter topic of JSON documents needs) or text (each becomes a JSON string). "
                            + "Struct, map and list values always become JSON objects and arrays.", "String values")
            .defineChoice(TOMBSTONES, Tombstones.SKIP, Importance.MEDIUM,
                    "Records with a null value: skip (nothing sent, offset committed); delete (a DELETE to the "
                            + "record's URL, without body, so ${key} in http.url deletes that resource); null_body "
                            + "(JSON null in arrays and lines, no body with body.format=single).", "Tombstones")
            .group("Batching")
            .define(BATCH_MAX_RECORDS, Type.INT, 500, ConfigDef.Range.between(1, 100_000), Importance.HIGH,
                    "Records per request at most. A batch holds records of one partition, in offset order, with "
                            + "the same URL and headers.", "Batch records")
            .define(BATCH_MAX_BYTES, Type.INT, 1_048_576, ConfigDef.Range.atLeast(64), Importance.MEDIUM,
                    "Largest request body in bytes; a single record larger than this goes to error handling.",
                    "Batch bytes")
            .define(BATCH_LINGER_MS, Type.LONG, 50L, ConfigDef.Range.between(0, 60_000), Importance.MEDIUM,
                    "How long a batch that is not full may wait for more records before it is sent.", "Linger")
            .define(MAX_IN_FLIGHT, Type.INT, 4, ConfigDef.Range.between(1, 256), Importance.MEDIUM,
                    "Requests a task has open at once, over all its partitions. One partition has one request "
                            + "open at a time, so its records arrive in order.", "Requests in flight")
            .define(MAX_BUFFERED_RECORDS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Records a task holds per partition, waiting or being retried, before it pauses that partition "
                            + "(the worker stops fetching it) until half of them are delivered; at least "
                            + "batch.max.records.", "Buffered records")
            .apply(b -> HttpRetryConfig.define(b, "before the records of that request go to Connect's error handling "
                    + "(errors.tolerance, dead letter queue), or the task fails when errors.tolerance=none.",
                    "Other non-2xx statuses send the records to error handling at once."))
            .group("Response reporting")
            .define(REPORTER_BOOTSTRAP_SERVERS, Type.STRING, "", null, Importance.LOW,
                    "Kafka cluster that gets a report of each record's request, as Confluent's HTTP sink reporter "
                            + "writes them; empty: no reports. Other reporter.* keys (reporter.security.protocol, "
                            + "reporter.sasl.jaas.config, ...) go to the reporter's producer as they are.",
                    "Reporter bootstrap servers")
            .define(REPORTER_RESULT_TOPIC, Type.STRING, "", null, Importance.LOW,
                    "Topic of reports of delivered records: per record a JSON value with status, method, URL, "
                            + "attempts, the endpoint's answer and the record's topic, partition and offset (the same "
                            + "in headers), keyed by the record's key. Empty: delivered records are not reported.",
                    "Result topic")
            .define(REPORTER_ERROR_TOPIC, Type.STRING, "", null, Importance.LOW,
                    "Topic of reports of records whose request failed for good, with the answer or the reason; "
                            + "they still go to Connect's error handling. Empty: not reported.", "Error topic")
            .define(REPORTER_RESPONSE_MAX_CHARS, Type.INT, 10_000, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "How much of the endpoint's answer a report holds.", "Reported answer length")
            .apply(b -> HttpClientConfig.define(b, URL))
            .build();

    public HttpSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public Template url() {
        return Template.parse(getString(URL).trim(), RECORD_ROOTS);
    }

    public Method method() {
        return ConfigChoices.parse(Method.class, METHOD, getString(METHOD));
    }

    /** Plain headers first, then sensitive ones; each value a template. */
    public List<Map.Entry<String, Template>> headers() {
        return RequestTemplates.headers(getString(HEADERS), getPassword(SENSITIVE_HEADERS), RECORD_ROOTS);
    }

    public String contentType() {
        String configured = getString(CONTENT_TYPE).trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        return bodyFormat() == BodyFormat.NDJSON ? "application/x-ndjson" : "application/json";
    }

    public BodyFormat bodyFormat() {
        return ConfigChoices.parse(BodyFormat.class, BODY_FORMAT, getString(BODY_FORMAT));
    }

    public Template bodyTemplate() {
        return Template.parse(getString(BODY_TEMPLATE), BATCH_ROOTS);
    }

    public BodyStrings bodyStrings() {
        return ConfigChoices.parse(BodyStrings.class, BODY_STRINGS, getString(BODY_STRINGS));
    }

    public Tombstones tombstones() {
        return ConfigChoices.parse(Tombstones.class, TOMBSTONES, getString(TOMBSTONES));
    }

    /** One record per request with body.format=single. */
    public int batchMaxRecords() {
        return bodyFormat() == BodyFormat.SINGLE ? 1 : getInt(BATCH_MAX_RECORDS);
    }

    public int batchMaxBytes() {
        return getInt(BATCH_MAX_BYTES);
    }

    public long lingerMs() {
        return getLong(BATCH_LINGER_MS);
    }

    public int maxInFlight() {
        return getInt(MAX_IN_FLIGHT);
    }

    public int maxBufferedRecords() {
        return Math.max(getInt(MAX_BUFFERED_RECORDS), batchMaxRecords());
    }

    public RetryPolicy retryPolicy() {
        return HttpRetryConfig.policy(this);
    }

    public HttpClientSettings client() {
        return HttpClientConfig.settings(this);
    }

    /** The response reporter's settings, or null when reports are off. */
    public io.tributary.connect.http.sink.KafkaResponseReporter.Settings reporter(String clientId) {
        String servers = getString(REPORTER_BOOTSTRAP_SERVERS).trim();
        String result = getString(REPORTER_RESULT_TOPIC).trim();
        String error = getString(REPORTER_ERROR_TOPIC).trim();
        if (servers.isEmpty() || (result.isEmpty() && error.isEmpty())) {
            return null;
        }
        Map<String, Object> producer = new java.util.HashMap<>(originalsWithPrefix(REPORTER_PREFIX));
        for (String own : List.of(REPORTER_RESULT_TOPIC, REPORTER_ERROR_TOPIC, REPORTER_RESPONSE_MAX_CHARS)) {
            producer.remove(own.substring(REPORTER_PREFIX.length()));
        }
        producer.put("bootstrap.servers", servers);
        producer.putIfAbsent("client.id", clientId);
        return new io.tributary.connect.http.sink.KafkaResponseReporter.Settings(producer, result.isEmpty() ? null : result,
                error.isEmpty() ? null : error, getInt(REPORTER_RESPONSE_MAX_CHARS));
    }

    /** True when Connect's errors.tolerance sends failed records to error handling instead of failing. */
    public boolean toleratesErrors() {
        return ErrantRecords.toleratesAll(originals());
    }
}
