package io.tributary.connect.jdbc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JDBC layer both connectors stand on (dialects, types, table metadata, connections) knows
 * neither of them: the sink and the source import it, never the other way round.
 */
class PackageDependencyTest {
    private static final Path MAIN = Path.of("src/main/java/io/tributary/connect/jdbc");

    @Test
    void theSharedJdbcLayerImportsNoConnector() throws IOException {
        List<String> offending = new ArrayList<>();
        for (String layer : List.of("dialect", "types", "db", "connection")) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(layer))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (line.matches("import (static )?io\\.tributary\\.connect\\.jdbc\\.(sink|source)\\..*")
                                || line.matches("import (static )?io\\.tributary\\.connect\\.jdbc\\.Jdbc\\w+;")) {
                            offending.add(MAIN.relativize(file) + ": " + line);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }
}
