package io.tributary.connect.common.config;

import io.tributary.connect.common.template.Template;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Validators whose messages name the key, the bad value and the fix. */
public final class Validators {
    private Validators() {
    }

    /** One of a fixed set of values, compared ignoring case; the message lists the valid ones. */
    public static ConfigDef.Validator oneOfIgnoreCase(String... allowed) {
        List<String> values = Arrays.asList(allowed);
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                String v = value.toString().trim().toLowerCase(Locale.ROOT);
                if (!values.contains(v)) {
                    throw new ConfigException(name, value, "must be one of " + String.join(", ", values)
                            + "; set " + name + " to one of them");
                }
            }

            @Override
            public String toString() {
                return values.stream().collect(Collectors.joining(", ", "[", "]"));
            }
        };
    }

    /** A list of {@code name=value} entries, each with a name; {@code example} shows one. */
    public static ConfigDef.Validator namedValues(String example) {
        return new ConfigDef.Validator() {
            @Override
            @SuppressWarnings("unchecked")
            public void ensureValid(String name, Object value) {
                for (String pair : (java.util.List<String>) value) {
                    if (pair.indexOf('=') <= 0) {
                        throw new ConfigException(name, pair, "each entry must be name=value, as " + example);
                    }
                }
            }

            @Override
            public String toString() {
                return "name=value pairs, as " + example;
            }
        };
    }

    /** Not null and not only white space. */
    public static ConfigDef.Validator nonBlank(String fix) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || value.toString().trim().isEmpty()) {
                    throw new ConfigException(name, value, "must not be empty; " + fix);
                }
            }

            @Override
            public String toString() {
                return "non-empty string";
            }
        };
    }

    /** A value that starts with one of the given prefixes (a URL scheme, a JDBC sub-protocol). */
    public static ConfigDef.Validator startsWith(String fix, String... prefixes) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String v = value == null ? "" : value.toString().trim();
                for (String p : prefixes) {
                    if (v.startsWith(p)) {
                        return;
                    }
                }
                throw new ConfigException(name, value, "must start with " + String.join(" or ", prefixes) + "; " + fix);
            }

            @Override
            public String toString() {
                return "starts with " + String.join(" or ", prefixes);
            }
        };
    }

    /**
     * A template whose placeholders are among {@code roots} ({@code ${table}}); a mistake is refused with the
     * parser's reason and the placeholders there are.
     */
    public static ConfigDef.Validator template(Set<String> roots) {
        String allowed = roots.stream().sorted().map(r -> "${" + r + "}").collect(Collectors.joining(", "));
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    Template.parse(value == null ? "" : value.toString(), roots);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage() + "; the placeholders are " + allowed);
                }
            }

            @Override
            public String toString() {
                return "text with the placeholders " + allowed;
            }
        };
    }

    /**
     * Empty, or a readable file on this worker (a trust store, a key file): every worker that may run a task
     * needs it at the same path.
     */
    public static ConfigDef.Validator readableFile() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || value.toString().isBlank()) {
                    return;
                }
                java.nio.file.Path p = java.nio.file.Path.of(value.toString().trim());
                if (!java.nio.file.Files.isReadable(p) || java.nio.file.Files.isDirectory(p)) {
                    throw new ConfigException(name, value, "is not a readable file on this worker; copy the file to "
                            + "every worker at the same path, or leave " + name + " empty");
                }
            }

            @Override
            public String toString() {
                return "a readable file";
            }
        };
    }

    /** A time zone id that {@link ZoneId#of} accepts, such as {@code UTC} or {@code Europe/Paris}. */
    public static ConfigDef.Validator timeZone() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    ZoneId.of(value.toString().trim());
                } catch (DateTimeException | NullPointerException e) {
                    throw new ConfigException(name, value, "is not a time zone id; use an id such as UTC or Europe/Paris");
                }
            }

            @Override
            public String toString() {
                return "a time zone id such as UTC or Europe/Paris";
            }
        };
    }
}
