package io.tributary.connect.http.sink;

import io.tributary.connect.common.template.Template;
import io.tributary.connect.http.HttpSinkConfig.BodyFormat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Puts a batch's record JSON into one request body, in the configured {@link BodyFormat}. */
public final class BodyAssembler {
    private final BodyFormat format;
    private final Template template;
    private final int templateBytes;

    public BodyAssembler(BodyFormat format, Template template) {
        this.format = format;
        this.template = template;
        this.templateBytes = template == null ? 0 : template.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** The body's size for {@code count} records whose JSON takes {@code partBytes}. */
    int size(int count, int partBytes) {
        switch (format) {
            case JSON_ARRAY:
                return partBytes + count + 1;
            case NDJSON:
                return partBytes + count;
            case TEMPLATE:
                return partBytes + count + 1 + templateBytes;
            default:
                return partBytes;
        }
    }

    /** The body of {@code parts}; null for a single tombstone sent without a body. */
    byte[] body(List<byte[]> parts, String topic, int partition) {
        switch (format) {
            case SINGLE:
                byte[] only = parts.get(0);
                return only == null || only == RecordRenderer.NULL_JSON ? null : only;
            case NDJSON: {
                ByteArrayOutputStream out = new ByteArrayOutputStream(size(parts.size(), sum(parts)));
                for (byte[] part : parts) {
                    out.writeBytes(part);
                    out.write('\n');
                }
                return out.toByteArray();
            }
            case TEMPLATE: {
                String records = new String(array(parts), StandardCharsets.UTF_8);
                return template.render((root, path) -> switch (root) {
                    case "records" -> records;
                    case "count" -> parts.size();
                    case "topic" -> topic;
                    case "partition" -> partition;
                    default -> null;
                }).getBytes(StandardCharsets.UTF_8);
            }
            default:
                return array(parts);
        }
    }

    private byte[] array(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sum(parts) + parts.size() + 1);
        out.write('[');
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(parts.get(i));
        }
        out.write(']');
        return out.toByteArray();
    }

    private static int sum(List<byte[]> parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        return n;
    }
}
