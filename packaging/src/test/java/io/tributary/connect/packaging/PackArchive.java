package io.tributary.connect.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The built zip, and a plugin.path folder it is unpacked into the way a user installs it. */
final class PackArchive {
    static final Path ZIP = Path.of(required("tributary.pack.zip"));
    static final String NAME = required("tributary.pack.name");
    static final String VERSION = required("tributary.version");
    static final Path PLUGIN_PATH = unpack();

    private PackArchive() {
    }

    static List<String> entries() {
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            List<String> names = new ArrayList<>();
            zip.stream().forEach(e -> names.add(e.getName()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The unpacked component folder: {@code <plugin.path>/<name>}. */
    static Path component() {
        return PLUGIN_PATH.resolve(NAME);
    }

    private static Path unpack() {
        try {
            Path target = ZIP.getParent().resolve("it-plugin-path");
            if (Files.exists(target)) {
                try (var walk = Files.walk(target)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(target);
            try (ZipFile zip = new ZipFile(ZIP.toFile())) {
                Enumeration<? extends ZipEntry> all = zip.entries();
                while (all.hasMoreElements()) {
                    ZipEntry e = all.nextElement();
                    Path out = target.resolve(e.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException("zip entry escapes the folder: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        try (InputStream in = zip.getInputStream(e)) {
                            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + ZIP + "; run mvn package first", e);
        }
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null) {
            throw new IllegalStateException("system property " + property + " is not set; run this test through mvn verify");
        }
        return v;
    }
}
