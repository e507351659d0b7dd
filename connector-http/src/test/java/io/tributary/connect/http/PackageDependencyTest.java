package io.tributary.connect.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The HTTP client layer that the sink and the source share knows neither of them. */
class PackageDependencyTest {
    private static final Path MAIN = Path.of("src/main/java/io/tributary/connect/http");

    @Test
    void theClientLayerImportsNoConnector() throws IOException {
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve("client"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.matches("import (static )?io\\.tributary\\.connect\\.http\\.(sink|source)\\..*")
                            || line.matches("import (static )?io\\.tributary\\.connect\\.http\\.Http\\w+;")) {
                        offending.add(MAIN.relativize(file) + ": " + line);
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }

    /** The sink and the source stand on client/ side by side: neither imports the other, nor a connector's config. */
    @Test
    void theSinkAndTheSourceImportNeitherEachOtherNorTheConnectors() throws IOException {
        List<String> offending = new ArrayList<>();
        for (String[] pair : new String[][]{{"sink", "source"}, {"source", "sink"}}) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(pair[0]))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (line.matches("import (static )?io\\.tributary\\.connect\\.http\\." + pair[1] + "\\..*")
                                || line.matches("import (static )?io\\.tributary\\.connect\\.http\\.Http\\w+;")) {
                            offending.add(MAIN.relativize(file) + ": " + line);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }
}
