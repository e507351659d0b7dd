package io.tributary.connect.http.source;

/** The {@code rel="next"} target of a {@code Link} header (RFC 8288): {@code <url>; rel="next", <url>; rel="last"}. */
final class LinkHeaders {
    private LinkHeaders() {
    }

    /** The next link's target, or null when there is none. */
    static String next(String header) {
        if (header == null) {
            return null;
        }
        int i = 0;
        while (i < header.length()) {
            int open = header.indexOf('<', i);
            if (open < 0) {
                return null;
            }
            int close = header.indexOf('>', open);
            if (close < 0) {
                return null;
            }
            String target = header.substring(open + 1, close).trim();
            int end = header.indexOf('<', close);
            String params = header.substring(close + 1, end < 0 ? header.length() : end);
            for (String param : params.split(";")) {
                String p = param.trim();
                if (p.regionMatches(true, 0, "rel=", 0, 4)) {
                    // The value may be quoted, hold several relations, and end at the comma before the next link.
                    String rel = p.substring(4).replaceAll("[\",]", " ").trim();
                    for (String r : rel.split("\\s+")) {
                        if (r.equalsIgnoreCase("next")) {
                            return target;
                        }
                    }
                }
            }
            i = end < 0 ? header.length() : end;
        }
        return null;
    }
}
