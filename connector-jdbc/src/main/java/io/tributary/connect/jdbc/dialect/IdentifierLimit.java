package io.tributary.connect.jdbc.dialect;

import java.nio.charset.Charset;

/**
 * How long a name may be, counted the way the database counts it: PostgreSQL in bytes of its server
 * encoding (a longer name is silently cut), MariaDB in characters. Also refuses what no database
 * stores in a name: an empty one, or one with a NUL character.
 */
public final class IdentifierLimit {
    private final String database;
    private final int max;
    /** The encoding a byte limit counts in; null when the limit counts characters. */
    private final Charset bytesIn;

    private IdentifierLimit(String database, int max, Charset bytesIn) {
        this.database = database;
        this.max = max;
        this.bytesIn = bytesIn;
    }

    public static IdentifierLimit characters(String database, int max) {
        return new IdentifierLimit(database, max, null);
    }

    public static IdentifierLimit bytes(String database, int max, Charset encoding) {
        return new IdentifierLimit(database, max, encoding);
    }

    /** Why the database cannot hold {@code name}, or null when it can. */
    public String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "an empty name cannot be used";
        }
        if (name.indexOf('\0') >= 0) {
            return "'" + printable(name) + "' holds a NUL character, which " + database + " cannot store in a name";
        }
        if (bytesIn == null) {
            int length = name.codePointCount(0, name.length());
            return length <= max ? null : "'" + name + "' is " + length + " characters long, over " + database
                    + "'s limit of " + describe();
        }
        int length = name.getBytes(bytesIn).length;
        return length <= max ? null : "'" + name + "' is " + length + " bytes long in " + bytesIn.name() + " (" + name.length()
                + " characters), over " + database + "'s limit of " + describe() + ", which would cut it short";
    }

    /** The limit as a message says it, such as "63 bytes" or "64 characters". */
    public String describe() {
        return max + (bytesIn == null ? " characters" : " bytes");
    }

    static String printable(String name) {
        return name.replace("\0", "\\0");
    }

    @Override
    public String toString() {
        return describe() + (bytesIn == null ? "" : " of " + bytesIn.name());
    }
}
