package io.tributary.connect.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP source's endpoint: the JDK's HttpServer on 127.0.0.1 serving {@code records} flat inventory records
 * in pages of {@code pageSize}, cursor-paged ({@code /feed?cursor=p<n>}, the next cursor in {@code next}, null
 * on the last page). The pages are rendered before the run, so serving costs a copy; its threads
 * ({@code bench-feed-*}) count for no run's CPU.
 */
final class PagedFeed implements AutoCloseable {
    static final String THREAD_PREFIX = "bench-feed-";

    private final byte[][] pages;
    private final HttpServer server;
    private final ExecutorService threads;

    PagedFeed(long records, int pageSize) throws IOException {
        int count = (int) ((records + pageSize - 1) / pageSize);
        pages = new byte[count][];
        for (int p = 0; p < count; p++) {
            StringBuilder page = new StringBuilder(pageSize * 120).append("{\"items\":[");
            long first = (long) p * pageSize + 1;
            long last = Math.min(records, first + pageSize - 1);
            for (long id = first; id <= last; id++) {
                if (id > first) {
                    page.append(',');
                }
                page.append("{\"id\":").append(id).append(",\"sku\":\"SKU-").append(id).append("\",\"store\":")
                        .append(id % 50).append(",\"qty\":").append(id % 1000).append(",\"price\":").append(1 + id % 400 / 4.0)
                        .append(",\"updated_at\":\"2026-12-01T10:00:00Z\"}");
            }
            page.append("],\"next\":").append(p + 1 < count ? "\"p" + (p + 1) + "\"" : "null").append('}');
            pages[p] = page.toString().getBytes(StandardCharsets.UTF_8);
        }
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, THREAD_PREFIX + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/feed", this::page);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/feed";
    }

    int pages() {
        return pages.length;
    }

    private void page(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        int p = 0;
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("cursor=p")) {
                    p = Integer.parseInt(pair.substring("cursor=p".length()));
                }
            }
        }
        byte[] body = pages[p];
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
