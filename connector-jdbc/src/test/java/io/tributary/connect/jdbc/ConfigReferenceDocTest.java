package io.tributary.connect.jdbc;

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
    static final String TITLE = "JDBC sink connector configuration";
    static final String INTRO = "`io.tributary.connect.jdbc.JdbcSinkConnector` writes Kafka records into tables of "
            + "PostgreSQL, MariaDB/MySQL, SQLite or any JDBC database. Besides these keys it takes Connect's own "
            + "(`topics`, `tasks.max`, converters, `errors.tolerance`, `errors.deadletterqueue.topic.name`).";

    static final String SOURCE_TITLE = "JDBC source connector configuration";
    static final String SOURCE_INTRO = "`io.tributary.connect.jdbc.JdbcSourceConnector` streams rows of PostgreSQL, "
            + "MariaDB/MySQL, SQLite or any JDBC database's tables (or of one query) into Kafka topics, in bulk, "
            + "incrementing, timestamp or timestamp+incrementing mode. Besides these keys it takes Connect's own "
            + "(`tasks.max`, converters, `topic.creation.*`, `exactly.once.support`, `transaction.boundary`).";

    @Test
    void sourceReferenceUnderDocsMatchesTheConfigDef() throws IOException {
        Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs/connectors/jdbc-source-config.md");
        String generated = ConfigReference.markdown(SOURCE_TITLE, SOURCE_INTRO, JdbcSourceConfig.CONFIG_DEF);
        assertEquals(generated, ConfigReference.committed(doc, generated), doc + " is stale: run mvn -pl connector-jdbc test "
                + "-Dtest=ConfigReferenceDocTest -Dtributary.docs.write=true");
    }

    @Test
    void referenceUnderDocsMatchesTheConfigDef() throws IOException {
        Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs/connectors/jdbc-sink-config.md");
        String generated = ConfigReference.markdown(TITLE, INTRO, JdbcSinkConfig.CONFIG_DEF);
        assertEquals(generated, ConfigReference.committed(doc, generated), doc + " is stale: run mvn -pl connector-jdbc test "
                + "-Dtest=ConfigReferenceDocTest -Dtributary.docs.write=true");
    }
}
