package io.tributary.connect.http;

import io.tributary.connect.testkit.LoopbackHttpServer;
import io.tributary.connect.testkit.LoopbackHttpServer.Request;
import io.tributary.connect.testkit.LoopbackHttpServer.Response;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A price feed an HTTP source test polls: records {"id":n,"sku":"SKU-n","price":...} from id 1, paged the way
 * the request's first path segment says, so one server serves every pagination style:
 * <ul>
 *   <li>{@code /offset?offset=O&limit=L}: {"items": [...]}</li>
 *   <li>{@code /page?page=P} (from 1): {"items": [...]}, then an empty page</li>
 *   <li>{@code /cursor?cursor=cN}: {"items": [...], "meta": {"next": "cM" or null}}</li>
 *   <li>{@code /next?from=F}: {"items": [...], "links": {"next": a relative URL or null}}</li>
 *   <li>{@code /link?from=F}: a bare array, the next page in a Link header</li>
 *   <li>{@code /since?since=X&limit=L}: {"items": records with id &gt; X (&gt;= with inclusive=true)}</li>
 * </ul>
 * Any other segment after the first is ignored, so endpoints can tell their requests apart.
 */
final class SourceFeed implements LoopbackHttpServer.Behaviour {
    private final List<String> records = new CopyOnWriteArrayList<>();
    private final int pageSize;
    private final String baseUrl;

    SourceFeed(String baseUrl, int records, int pageSize) {
        this.baseUrl = baseUrl;
        this.pageSize = pageSize;
        add(records);
    }

    /** Appends {@code n} records with the next ids. */
    void add(int n) {
        for (int i = 0; i < n; i++) {
            int id = records.size() + 1;
            records.add("{\"id\":" + id + ",\"sku\":\"SKU-" + id + "\",\"price\":" + (id * 0.25) + ",\"updated\":\""
                    + java.time.Instant.ofEpochSecond(1_790_000_000L + id) + "\"}");
        }
    }

    int size() {
        return records.size();
    }

    @Override
    public Response answer(Request request, int n) {
        URI uri = URI.create(request.path());
        Map<String, String> q = query(uri);
        String style = uri.getPath().split("/")[1];
        switch (style) {
            case "offset": {
                int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
                int limit = Integer.parseInt(q.getOrDefault("limit", "10"));
                return Response.ok("{\"items\":" + slice(offset, offset + limit) + "}");
            }
            case "page": {
                int page = Integer.parseInt(q.getOrDefault("page", "1"));
                return Response.ok("{\"items\":" + slice((page - 1) * pageSize, page * pageSize) + "}");
            }
            case "cursor": {
                int from = Integer.parseInt(q.getOrDefault("cursor", "c0").substring(1));
                int to = from + pageSize;
                String next = to < records.size() ? "\"c" + to + "\"" : "null";
                return Response.ok("{\"items\":" + slice(from, to) + ",\"meta\":{\"next\":" + next + "}}");
            }
            case "next": {
                int from = Integer.parseInt(q.getOrDefault("from", "0"));
                int to = from + pageSize;
                // Relative, as many APIs write it: the last path segment with the next query.
                String segment = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
                String next = to < records.size() ? "\"" + segment + "?from=" + to + "\"" : "null";
                return Response.ok("{\"items\":" + slice(from, to) + ",\"links\":{\"next\":" + next + "}}");
            }
            case "link": {
                int from = Integer.parseInt(q.getOrDefault("from", "0"));
                int to = from + pageSize;
                Map<String, String> headers = new HashMap<>();
                headers.put("Content-Type", "application/json");
                if (to < records.size()) {
                    headers.put("Link", "<" + baseUrl + uri.getPath() + "?from=" + to + ">; rel=\"next\", <" + baseUrl
                            + uri.getPath() + "?from=0>; rel=\"first\"");
                }
                return new Response(200, headers, slice(from, to));
            }
            case "since": {
                String sinceText = q.getOrDefault("since", "");
                long since = sinceText.isEmpty() ? 0 : Long.parseLong(sinceText);
                int limit = Integer.parseInt(q.getOrDefault("limit", "1000"));
                boolean inclusive = Boolean.parseBoolean(q.getOrDefault("inclusive", "false"));
                int from = (int) Math.max(0, inclusive ? since - 1 : since);
                return Response.ok("{\"items\":" + slice(from, from + limit) + "}");
            }
            default:
                return Response.status(404);
        }
    }

    private String slice(int from, int to) {
        int end = Math.min(to, records.size());
        return from >= end ? "[]" : records.subList(from, end).stream().collect(Collectors.joining(",", "[", "]"));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                q.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }
}
