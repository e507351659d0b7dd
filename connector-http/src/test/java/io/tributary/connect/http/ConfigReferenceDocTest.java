package io.tributary.connect.http;

import io.tributary.connect.common.config.ConfigReference;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The config reference under docs/ is generated from the ConfigDef. This test fails when it is
 * stale; {@code mvn test -Dtributary.docs.write=true} rewrites it.
 */
class ConfigReferenceDocTest {
    static final String TITLE = "HTTP sink connector configuration";
    static final String INTRO = "`io.tributary.connect.http.HttpSinkConnector` sends Kafka records to HTTP endpoints: "
            + "a URL and headers templated from each record, bodies that batch a partition's records (JSON array, "
            + "NDJSON, one per request, or your own envelope), basic, bearer, API key or OAuth2 authentication, TLS "
            + "and proxy settings of its own, and retries that honour `Retry-After`. A partition's requests never "
            + "overtake each other; partitions go side by side up to `max.in.flight.requests`. Offsets are committed "
            + "only for records the endpoint took or that went to Connect's error handling, so a stopped or killed "
            + "worker sends again rather than loses. Besides these keys it takes Connect's own (`topics`, "
            + "`tasks.max`, converters, `errors.tolerance`, `errors.deadletterqueue.*`).\n\n"
            + "**Dead letter queue.** A record whose request failed for good reaches the dead letter queue with the "
            + "headers `tributary.http.status` (-1 when no answer came), `tributary.http.url`, `tributary.http.method`, "
            + "`tributary.http.attempts` and `tributary.http.response.body` (its first 1,000 characters), beside "
            + "Connect's `__connect.errors.*` headers when `errors.deadletterqueue.context.headers.enable=true`.";

    @Test
    void referenceUnderDocsMatchesTheConfigDef() throws IOException {
        Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs/connectors/http-sink-config.md");
        String generated = ConfigReference.markdown(TITLE, INTRO, HttpSinkConfig.CONFIG_DEF);
        assertEquals(generated, ConfigReference.committed(doc, generated), doc + " is stale: run mvn -pl connector-http test "
                + "-Dtest=ConfigReferenceDocTest -Dtributary.docs.write=true");
    }

    static final String SOURCE_TITLE = "HTTP source connector configuration";
    static final String SOURCE_INTRO = "`io.tributary.connect.http.HttpSourceConnector` polls HTTP endpoints into Kafka. "
            + "`http.endpoints` names them; each endpoint's keys follow under `http.endpoint.<name>.` (the groups "
            + "*Endpoint &lt;name&gt;* below): its request (URL, method, headers, body, with `${offset}`), how often and how "
            + "fast it is asked, how its pages follow one another (offset/limit, page number, cursor, next URL, "
            + "`Link` header), where its records are (JSON pointers to the records, key, timestamp, headers), and "
            + "which value of them is kept as its offset. The endpoints are dealt out over `tasks.max` tasks, each "
            + "read by exactly one. Authentication, TLS, proxy, timeouts and retries are the HTTP sink's keys, "
            + "once per connector.\n\n"
            + "**Offsets.** Each endpoint is a source partition `{\"endpoint\": \"<name>\"}`; its offset holds "
            + "`offset` (the largest offset value read, what `${offset}` becomes) and, in the middle of a pass, "
            + "`next_page` and `pass_offset`, so a restarted or moved task goes on with the next page. A page's "
            + "records are committed with the position after it; on a worker with "
            + "`exactly.once.source.support=enabled` each page and its offset are one transaction. `PATCH "
            + "/connectors/NAME/offsets` takes such offsets (checked) to seek or reset an endpoint.\n\n"
            + "**Records.** Each record carries the headers `tributary.http.endpoint`, `tributary.http.url` (the "
            + "page) and `tributary.http.status`. **Bad input** (`http.errors.action=error-topic`) reaches the error "
            + "topic keyed by the endpoint's name, with what came as the value (at most 100,000 characters) and the "
            + "headers `tributary.error.reason` (`not-json`, `no-records`, `bad-record`, `status`, `too-large`, "
            + "`paging`), `tributary.http.problem`, `tributary.http.url`, `tributary.http.status`, "
            + "`tributary.http.endpoint` and `tributary.error.exception.*`.";

    @Test
    void sourceReferenceUnderDocsMatchesTheConfigDef() throws IOException {
        Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs/connectors/http-source-config.md");
        String generated = ConfigReference.markdown(SOURCE_TITLE, SOURCE_INTRO, HttpSourceConfig.referenceDef());
        assertEquals(generated, ConfigReference.committed(doc, generated), doc + " is stale: run mvn -pl connector-http "
                + "test -Dtest=ConfigReferenceDocTest -Dtributary.docs.write=true");
    }
}
