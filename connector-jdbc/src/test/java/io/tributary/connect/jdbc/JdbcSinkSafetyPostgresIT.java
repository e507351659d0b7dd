package io.tributary.connect.jdbc;

import io.tributary.connect.jdbc.JdbcSinkSafetyScenarios.Target;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.LogCapture;
import io.tributary.connect.testkit.Services;
import io.tributary.connect.testkit.Validation;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.jdbc.JdbcSinkTestSupport.ORDER;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.order;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.sinkConfig;
import static io.tributary.connect.testkit.Validation.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDBC sink against the local PostgreSQL, tried as a hostile or careless user would: table names that
 * match system catalogs, records that name schemas, names longer than the server holds, a poison record
 * in a batch, credentials in the URL, a URL that cannot work.
 */
class JdbcSinkSafetyPostgresIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String CLASS = JdbcSinkConnector.class.getName();

    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    private final Target target = Target.postgres();
    private final Database db = target.db();

    /**
     * A table named like a catalog table (pg_description), unqualified: PostgreSQL's search path puts
     * pg_catalog first, so only a statement that names the schema writes into the table the sink made.
     */
    @Test
    void aTableNamedLikeASystemCatalogLandsInTheCurrentSchema() {
        String topic = Services.uniqueName("pg_catalog_name");
        db.execute("DROP TABLE IF EXISTS public.pg_description");
        connect.createTopic(topic, 1);
        Schema schema = SchemaBuilder.struct().field("objoid", Schema.INT64_SCHEMA).field("classoid", Schema.INT64_SCHEMA)
                .field("objsubid", Schema.INT32_SCHEMA).field("description", Schema.STRING_SCHEMA).build();
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            p.send(topic, 0, null, null, schema, new Struct(schema).put("objoid", 1L).put("classoid", 1L).put("objsubid", 0)
                    .put("description", topic));
        }
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("table.name.format", "pg_description");
        try {
            connect.configure(topic, config);
            db.awaitCount("SELECT count(*) FROM public.pg_description WHERE description = '" + topic + "'", 1, TIMEOUT);
            assertEquals(0, db.count("SELECT count(*) FROM pg_catalog.pg_description WHERE description = '" + topic + "'"),
                    "the system catalog was written");
            assertEquals("RUNNING", connect.status(topic).tasks().get(0).state());
            connect.delete(topic);
        } finally {
            db.execute("DROP TABLE IF EXISTS public.pg_description");
        }
    }

    /**
     * A connection whose current schema is pg_catalog, and a table name format that names no schema: validate
     * says so on connection.url, and the worker refuses to create the connector with the same words, rather
     * than a sink writing into the catalog. A format that names the schema itself is the user's explicit choice.
     */
    @Test
    void aSystemSchemaIsATargetOnlyWhenTheConfigNamesIt() {
        String topic = Services.uniqueName("pg_sys_default");
        connect.createTopic(topic, 1);
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("name", topic);
        config.put("connection.url", withParameter(db.url(), "currentSchema=pg_catalog"));
        assertError(connect.validate(CLASS, config), "connection.url", "system schema pg_catalog");
        ConnectRestException refused = assertThrows(ConnectRestException.class, () -> connect.configure(topic, config));
        assertTrue(refused.getMessage().contains("system schema pg_catalog"), refused.getMessage());

        Map<String, String> explicit = new HashMap<>(config);
        explicit.put("table.name.format", "public.${topic}");
        JdbcSinkSafetyScenarios.assertNoErrors(connect.validate(CLASS, explicit));
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            p.send(topic, 0, null, null, ORDER, order(1, "s", 1, null));
        }
        connect.configure(topic, explicit);
        db.awaitCount("SELECT count(*) FROM public.\"" + topic + "\"", 1, TIMEOUT);
        assertEquals(0, db.count("SELECT count(*) FROM pg_catalog.pg_class WHERE relname = '" + topic + "' AND "
                + "relnamespace = 'pg_catalog'::regnamespace"));
        connect.delete(topic);
    }

    @Test
    void aRecordCannotPickTheSchema() {
        JdbcSinkSafetyScenarios.aRecordCannotPickTheSchema(connect, target);
    }

    /** 44 'ü' are 44 characters but 88 bytes, over PostgreSQL's 63; 31 of them (62 bytes) fit. */
    @Test
    void namesLongerThanTheServerHoldsAreBadRecords() {
        JdbcSinkSafetyScenarios.namesTheDatabaseCannotHoldAreBadRecords(connect, target, "ü".repeat(44), "ü".repeat(31),
                "63 bytes");
    }

    @Test
    void aFailedBatchLeavesTheTableAndTheOffsetsInAgreement() {
        JdbcSinkSafetyScenarios.aFailedBatchLeavesTheTableAndTheOffsetsInAgreement(connect, target);
    }

    @Test
    void reDeliveredRowsAreRecognisedNotDeadLettered() {
        JdbcSinkSafetyScenarios.reDeliveredRowsAreRecognisedNotDeadLettered(connect, target);
    }

    /**
     * A password in connection.url: the config log shows the URL with the password masked, and neither the
     * worker's log nor validate's answer ever holds it.
     */
    @Test
    void aPasswordInTheUrlIsNeverLogged() {
        String topic = Services.uniqueName("pg_url_secret");
        String secret = "Secr3t-" + Long.toHexString(System.nanoTime());
        connect.createTopic(topic, 1);
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.remove("connection.password");
        config.put("connection.url", withParameter(db.url(), "password=" + secret));
        try (LogCapture logs = LogCapture.start()) {
            try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
                for (int i = 0; i < 5; i++) {
                    p.send(topic, 0, null, null, ORDER, order(i, "s", i, null));
                }
            }
            connect.configure(topic, config);
            db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", 5, TIMEOUT);

            Map<String, String> unreachable = new HashMap<>(config);
            unreachable.put("connection.url", withParameter(db.url().replaceFirst("//[^/?]+", "//127.0.0.1:"
                    + JdbcSinkSafetyScenarios.closedPort()), "password=" + secret));
            String answer = Validation.errors(connect.validate(CLASS, unreachable)).toString();
            assertTrue(answer.contains("refused"), answer);
            assertFalse(answer.contains(secret), answer);

            List<String> urlLines = logs.linesContaining("connection.url = ");
            assertFalse(urlLines.isEmpty(), "the connector's config log shows its URL");
            assertTrue(urlLines.stream().allMatch(l -> l.contains("password=****")), urlLines.toString());
            // The test harness logs the REST answers, which echo the config as submitted, as the REST API does.
            assertEquals(List.of(), logs.linesContaining(secret).stream()
                    .filter(l -> !l.startsWith("org.apache.kafka.connect.util.clusters.")).toList(), "lines that hold the password");
        }
        connect.delete(topic);
    }

    /**
     * Beside the unreachable cases every database shares: a role that does not exist is reported on
     * connection.user, a database that does not exist on connection.url.
     */
    @Test
    void validateTellsWhyTheDatabaseCannotBeReached() {
        JdbcSinkSafetyScenarios.validateTellsWhyTheDatabaseCannotBeReached(connect, target);
        Map<String, String> base = JdbcSinkSafetyScenarios.validationConfig(db);

        Map<String, String> unknownRole = new HashMap<>(base);
        unknownRole.put("connection.user", "no_such_role_" + Long.toHexString(System.nanoTime()));
        assertError(connect.validate(CLASS, unknownRole), "connection.user", "does not exist");

        Map<String, String> unknownDatabase = new HashMap<>(base);
        unknownDatabase.put("connection.url", db.url().replaceFirst("/[^/?]+(\\?|$)", "/no_such_database$1"));
        assertError(connect.validate(CLASS, unknownDatabase), "connection.url", "database");
    }

    private static String withParameter(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }
}
