package io.tributary.connect.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Everything the local stack keeps, under one directory: Kafka's log, the plugins, the MQTT
 * broker's store, the demo database, configs and logs. Deleting it starts afresh.
 */
final class DataDirectory {
    private final Path root;

    DataDirectory(Path root) throws IOException {
        this.root = root;
        for (String sub : new String[]{"config", "logs", "plugins", "mqtt"}) {
            Files.createDirectories(root.resolve(sub));
        }
        Files.writeString(log4jConfig(), String.join("\n",
                "log4j.rootLogger=INFO, out",
                "log4j.appender.out=org.apache.log4j.ConsoleAppender",
                "log4j.appender.out.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c:%L)%n",
                "log4j.logger.org.apache.kafka.clients=WARN",
                "log4j.logger.org.reflections=ERROR",
                ""), StandardCharsets.UTF_8);
        Files.writeString(launcherLog4jConfig(), String.join("\n",
                "log4j.rootLogger=INFO, file",
                "log4j.appender.file=org.apache.log4j.FileAppender",
                "log4j.appender.file.File=" + log("local-stack.log"),
                "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c:%L)%n",
                ""), StandardCharsets.UTF_8);
    }

    Path root() {
        return root;
    }

    Path kafkaLogs() {
        return root.resolve("kafka");
    }

    Path plugins() {
        return root.resolve("plugins");
    }

    Path mqttStore() {
        return root.resolve("mqtt");
    }

    Path config(String name) {
        return root.resolve("config").resolve(name);
    }

    Path log(String name) {
        return root.resolve("logs").resolve(name);
    }

    /** Logging of the Kafka broker and the worker: to their output, which goes to their log files. */
    Path log4jConfig() {
        return config("log4j.properties");
    }

    /** Logging of this program (embedded broker, clients): to logs/local-stack.log, keeping the console for progress. */
    Path launcherLog4jConfig() {
        return config("local-stack-log4j.properties");
    }

    void writeProperties(Path file, Map<String, String> properties) throws IOException {
        StringBuilder out = new StringBuilder("# Written by the Tributary local stack at each start.\n");
        new TreeMap<>(properties).forEach((k, v) -> out.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    }

    /**
     * Installs the pack as a user would: the zip unpacked into a folder of plugin.path, replacing
     * the copy a previous run unpacked (the zip may have been rebuilt since).
     */
    Path installPlugin(Path zip) throws IOException {
        String folder = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        Path target = plugins().resolve(folder);
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry e; (e = entries.getNextEntry()) != null; ) {
                Path out = plugins().resolve(e.getName()).normalize();
                if (!out.startsWith(plugins())) {
                    throw new IOException("The zip entry " + e.getName() + " points outside plugin.path");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (OutputStream o = Files.newOutputStream(out)) {
                        entries.transferTo(o);
                    }
                }
            }
        }
        if (!Files.isDirectory(target.resolve("lib"))) {
            throw new IOException(zip + " is not a Confluent Hub archive: no " + folder + "/lib inside");
        }
        return target;
    }
}
