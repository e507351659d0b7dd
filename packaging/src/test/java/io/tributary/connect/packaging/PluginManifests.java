package io.tributary.connect.packaging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/** Reads the connector classes our jars declare in META-INF/services. */
final class PluginManifests {
    private static final String[] CONNECTOR_SERVICES = {
        "META-INF/services/org.apache.kafka.connect.sink.SinkConnector",
        "META-INF/services/org.apache.kafka.connect.source.SourceConnector"
    };

    private PluginManifests() {
    }

    static Set<String> declaredConnectors(Path lib) {
        Set<String> classes = new TreeSet<>();
        try (var jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("tributary-")).toList()) {
                try (JarFile jf = new JarFile(jar.toFile())) {
                    for (String service : CONNECTOR_SERVICES) {
                        ZipEntry e = jf.getEntry(service);
                        if (e == null) {
                            continue;
                        }
                        try (BufferedReader r = new BufferedReader(new InputStreamReader(jf.getInputStream(e), StandardCharsets.UTF_8))) {
                            r.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(classes::add);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }
}
