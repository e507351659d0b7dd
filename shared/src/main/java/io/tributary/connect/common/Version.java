package io.tributary.connect.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The artifact version, read from a Maven-filtered resource so {@code version()} of every plugin matches the zip. */
public final class Version {
    private static final String VERSION = load();

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        Properties props = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("tributary-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // Fall through to "unknown": a missing version must never stop a connector from loading.
        }
        String v = props.getProperty("version", "unknown").trim();
        return v.startsWith("${") ? "unknown" : v;
    }
}
