package io.tributary.connect.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The retail pipeline's last stop, a small store service: the HTTP sink posts batches of inventory rows
 * to {@code /stock}; it keeps the latest row per SKU and shows them as a page at its root (for a
 * person with a browser) and as JSON at {@code /stock.json}.
 */
final class StockPage implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final HttpServer server;
    private final Map<String, JsonNode> latest = new ConcurrentSkipListMap<>();
    private final AtomicLong received = new AtomicLong();
    private volatile String lastBatchAt = "-";

    private StockPage(HttpServer server) {
        this.server = server;
    }

    static StockPage start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        StockPage page = new StockPage(server);
        server.createContext("/stock.json", page::json);
        server.createContext("/stock", page::stock);
        server.createContext("/", page::page);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "stock-page");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return page;
    }

    /** Serves {@code path} on the same port, as the store service's other APIs. */
    void serve(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String stockUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/stock";
    }

    String pageUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Inventory rows received so far (re-sent ones count again). */
    long received() {
        return received.get();
    }

    private void stock(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, 405, "text/plain", "POST inventory rows here");
            return;
        }
        JsonNode rows;
        try (InputStream in = exchange.getRequestBody()) {
            rows = JSON.readTree(in);
        } catch (IOException e) {
            answer(exchange, 400, "application/json", "{\"error\":\"not JSON\"}");
            return;
        }
        if (!rows.isArray()) {
            answer(exchange, 400, "application/json", "{\"error\":\"expected a JSON array of inventory rows\"}");
            return;
        }
        for (JsonNode row : rows) {
            // Rows of one SKU arrive in the order they changed (one partition, in order): the last one wins.
            latest.put(row.path("sku").asText(), row);
        }
        received.addAndGet(rows.size());
        lastBatchAt = LocalTime.now().format(CLOCK);
        answer(exchange, 200, "application/json", "{\"accepted\":" + rows.size() + "}");
    }

    private void json(HttpExchange exchange) throws IOException {
        ArrayNode all = JSON.createArrayNode();
        latest.values().forEach(all::add);
        answer(exchange, 200, "application/json", all.toString());
    }

    private void page(HttpExchange exchange) throws IOException {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"2\"><title>Stock per SKU</title><style>"
                + "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                + "td,th{padding:4px 12px;border-bottom:1px solid #ddd;text-align:left}td.n{text-align:right}"
                + "</style></head><body><h1>Stock per SKU</h1><p>")
                .append(latest.size()).append(" SKUs, ").append(received.get())
                .append(" inventory rows received from the Tributary HTTP sink; last batch at ").append(lastBatchAt)
                .append(". The page refreshes every 2 seconds.</p><table><tr><th>SKU</th><th>product</th>"
                        + "<th>in stock</th><th>price</th><th>updated</th></tr>");
        for (JsonNode row : latest.values()) {
            html.append("<tr><td>").append(escape(row.path("sku").asText())).append("</td><td>")
                    .append(escape(row.path("product").asText())).append("</td><td class=\"n\">")
                    .append(row.path("qty").asLong()).append("</td><td class=\"n\">")
                    .append(String.format(java.util.Locale.ROOT, "%.2f", row.path("price").asDouble())).append("</td><td>")
                    .append(escape(row.path("updated_at").asText())).append("</td></tr>");
        }
        html.append("</table></body></html>");
        answer(exchange, 200, "text/html; charset=utf-8", html.toString());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
