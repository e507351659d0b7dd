package io.tributary.connect.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The zip is a Confluent Hub component archive: layout and manifest checked here, not by eye. */
class PackageLayoutIT {
    @Test
    void oneTopLevelFolderWithManifestLibEtcAndDoc() {
        List<String> entries = PackArchive.entries();
        Set<String> tops = entries.stream().map(e -> e.substring(0, e.indexOf('/') < 0 ? e.length() : e.indexOf('/')))
                .collect(Collectors.toSet());
        assertEquals(Set.of(PackArchive.NAME), tops);
        String root = PackArchive.NAME + "/";
        assertTrue(entries.contains(root + "manifest.json"), entries.toString());
        assertTrue(entries.contains(root + "doc/README.md"));
        assertTrue(entries.contains(root + "doc/LICENSE"));
        assertTrue(entries.contains(root + "doc/connectors/jdbc-sink-config.md"));
        assertTrue(entries.contains(root + "doc/connectors/jdbc-source-config.md"));
        assertTrue(entries.contains(root + "doc/connectors/mqtt-source-config.md"));
        assertTrue(entries.stream().anyMatch(e -> e.startsWith(root + "etc/") && e.endsWith(".json")));
    }

    @Test
    void libHoldsOurJarsAndBundledDependenciesButNothingTheWorkerProvides() {
        List<String> jars = PackArchive.entries().stream().filter(e -> e.startsWith(PackArchive.NAME + "/lib/"))
                .map(e -> e.substring(e.lastIndexOf('/') + 1)).filter(n -> !n.isEmpty()).toList();
        assertTrue(jars.contains("tributary-connector-jdbc-" + PackArchive.VERSION + ".jar"), jars.toString());
        assertTrue(jars.contains("tributary-shared-" + PackArchive.VERSION + ".jar"), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("HikariCP-")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("postgresql-")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("mariadb-java-client-")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("sqlite-jdbc-")), jars.toString());
        assertTrue(jars.contains("tributary-connector-mqtt-" + PackArchive.VERSION + ".jar"), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("hivemq-mqtt-client-")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("netty-codec-http-")), jars.toString());
        for (String forbidden : List.of("kafka-clients", "connect-api", "connect-json", "connect-transforms", "connect-runtime",
                "slf4j", "log4j", "reload4j", "logback", "junit", "tributary-testkit")) {
            assertFalse(jars.stream().anyMatch(j -> j.startsWith(forbidden)), forbidden + " must not be bundled: " + jars);
        }
    }

    @Test
    void manifestDescribesTheComponent() throws IOException {
        JsonNode m = new ObjectMapper().readTree(Files.readString(PackArchive.component().resolve("manifest.json")));
        assertEquals("tributary-connect-pack", m.path("name").asText());
        assertEquals(PackArchive.VERSION, m.path("version").asText());
        for (String field : List.of("title", "description", "documentation_url", "release_date")) {
            assertFalse(m.path(field).asText().isBlank(), field);
        }
        assertFalse(m.path("owner").path("username").asText().isBlank());
        assertTrue(m.path("component_types").isArray() && m.path("component_types").size() > 0);
        assertTrue(m.path("tags").isArray() && m.path("tags").size() > 0);
        assertTrue(m.path("features").path("delivery_guarantee").isArray());
        assertEquals("Apache License 2.0", m.path("license").get(0).path("name").asText());
        LocalDate.parse(m.path("release_date").asText());
        assertFalse(m.toString().contains("${"), "unfiltered placeholders: " + m);
    }

    @Test
    void everyConnectorHasAnExampleConfig() throws IOException {
        Path etc = PackArchive.component().resolve("etc");
        Set<String> exampleClasses;
        try (var files = Files.list(etc)) {
            ObjectMapper json = new ObjectMapper();
            exampleClasses = files.map(f -> {
                try {
                    return json.readTree(f.toFile()).path("config").path("connector.class").asText();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.toSet());
        }
        assertEquals(PluginManifests.declaredConnectors(PackArchive.component().resolve("lib")), exampleClasses);
    }
}
