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
}
