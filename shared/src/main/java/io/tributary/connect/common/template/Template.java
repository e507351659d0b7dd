package io.tributary.connect.common.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A text with {@code ${name}} or {@code ${name.path.to.field}} placeholders, parsed once at start
 * into literal and variable parts, rendered per record without regular expressions.
 */
public final class Template {
    /** Supplies the value of one placeholder; {@code path} is empty for {@code ${topic}}. */
    @FunctionalInterface
    public interface Resolver {
        Object resolve(String root, List<String> path);
    }

    private final String source;
    private final List<Part> parts;
    private final Set<String> roots;

    private Template(String source, List<Part> parts, Set<String> roots) {
        this.source = source;
        this.parts = parts;
        this.roots = roots;
    }

    /**
     * Parses {@code text}. Every placeholder's first name must be one of {@code allowedRoots};
     * otherwise the message lists the ones that are.
     */
    public static Template parse(String text, Set<String> allowedRoots) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        StringBuilder literal = new StringBuilder();
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, start);
            int end = text.indexOf('}', start + 2);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed placeholder at position " + start + " in '" + text
                        + "'; close it with }");
            }
            String name = text.substring(start + 2, end).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty placeholder ${} in '" + text + "'");
            }
            List<String> path = List.of(name.split("\\.", -1));
            for (String p : path) {
                if (p.isEmpty()) {
                    throw new IllegalArgumentException("placeholder ${" + name + "} has an empty name part");
                }
            }
            String root = path.get(0);
            if (!allowedRoots.contains(root)) {
                throw new IllegalArgumentException("unknown placeholder ${" + name + "}; use one of "
                        + allowedRoots.stream().map(r -> "${" + r + "}").toList());
            }
            if (literal.length() > 0) {
                parts.add(Part.literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(new Part(null, root, path.subList(1, path.size()), text.substring(start, end + 1)));
            i = end + 1;
        }
        if (literal.length() > 0) {
            parts.add(Part.literal(literal.toString()));
        }
        return of(text, parts);
    }

    private static Template of(String source, List<Part> parts) {
        Set<String> used = new java.util.LinkedHashSet<>();
        parts.stream().filter(p -> p.root != null).forEach(p -> used.add(p.root));
        return new Template(source, List.copyOf(parts), Collections.unmodifiableSet(used));
    }

    /**
     * The template cut at each {@code separator} in its literal text, as {@code schema.${topic}} names a
     * schema and a table. This is the identifier-part rule: what a placeholder substitutes from a record
     * stays within its part, whatever it holds, so record data can never add a separator of its own.
     */
    public List<Template> splitAtLiteral(char separator) {
        List<Template> pieces = new ArrayList<>();
        List<Part> current = new ArrayList<>();
        StringBuilder source = new StringBuilder();
        for (Part part : parts) {
            if (part.literal == null) {
                current.add(part);
                source.append(part.source);
                continue;
            }
            String literal = part.literal;
            int from = 0;
            for (int cut = literal.indexOf(separator); cut >= 0; cut = literal.indexOf(separator, from)) {
                if (cut > from) {
                    current.add(Part.literal(literal.substring(from, cut)));
                    source.append(literal, from, cut);
                }
                pieces.add(of(source.toString(), current));
                current = new ArrayList<>();
                source.setLength(0);
                from = cut + 1;
            }
            if (from < literal.length()) {
                current.add(Part.literal(literal.substring(from)));
                source.append(literal, from, literal.length());
            }
        }
        pieces.add(of(source.toString(), current));
        return pieces;
    }

    public String render(Resolver resolver) {
        if (parts.isEmpty()) {
            return "";
        }
        if (parts.size() == 1 && parts.get(0).literal != null) {
            return parts.get(0).literal;
        }
        StringBuilder out = new StringBuilder(source.length() + 16);
        for (Part part : parts) {
            if (part.literal != null) {
                out.append(part.literal);
            } else {
                Object value = resolver.resolve(part.root, part.path);
                out.append(value == null ? "" : value);
            }
        }
        return out.toString();
    }

    /** The placeholder roots this template uses, such as {@code topic}. */
    public Set<String> roots() {
        return roots;
    }

    public boolean isConstant() {
        return roots.isEmpty();
    }

    @Override
    public String toString() {
        return source;
    }

    private static final class Part {
        final String literal;
        final String root;
        final List<String> path;
        /** How the part reads in the template's text. */
        final String source;

        Part(String literal, String root, List<String> path, String source) {
            this.literal = literal;
            this.root = root;
            this.path = path;
            this.source = source;
        }

        static Part literal(String text) {
            return new Part(text, null, null, text);
        }
    }
}
