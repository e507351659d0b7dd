package io.tributary.connect.jdbc.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/** Finds dialects through META-INF/services, with the plugin's own classloader. */
public final class Dialects {
    public static final String AUTO = "auto";

    private Dialects() {
    }

    public static List<Dialect> all() {
        List<Dialect> found = new ArrayList<>();
        ServiceLoader.load(Dialect.class, Dialect.class.getClassLoader()).forEach(found::add);
        return found;
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(AUTO);
        all().forEach(d -> names.add(d.name()));
        return names;
    }

    /** The dialect named, or for {@code auto} the one that accepts the URL, else the generic one. */
    public static Dialect find(String name, String jdbcUrl) {
        List<Dialect> dialects = all();
        String wanted = name == null ? AUTO : name.trim().toLowerCase(Locale.ROOT);
        if (!wanted.equals(AUTO)) {
            return dialects.stream().filter(d -> d.name().equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no dialect named '" + name + "'; use one of " + names()));
        }
        return dialects.stream().filter(d -> d.accepts(jdbcUrl)).findFirst().orElseGet(GenericDialect::new);
    }
}
