package io.tributary.connect.demo;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The pricing API the HTTP source polls: price changes by SKU, one every {@code PERIOD_MS}, numbered by the time
 * they are made (so a restarted demo goes on numbering above what the source read before), and served as {@code GET /prices?since=<seq>&cursor=c<n>}: the changes after {@code since}, a page of
 * {@value #PAGE} at a time, with the next page's cursor in {@code meta.next_cursor} (null on the last).
 */
final class PriceFeed implements AutoCloseable {
    static final String PATH = "/prices";
    static final int PAGE = 25;
    private static final long PERIOD_MS = 250;
    private static final int SKUS = 40;

    private final List<String> changes = new CopyOnWriteArrayList<>();
    /** The number before the first change of this run. */
    private final long base = System.currentTimeMillis() / PERIOD_MS;
    private final Random random = new Random(7);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "price-feed");
        t.setDaemon(true);
        return t;
    });

    void start() {
        ticker.scheduleAtFixedRate(this::change, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void change() {
        long seq = base + changes.size() + 1;
        String sku = String.format(Locale.ROOT, "SKU-%05d", 1 + random.nextInt(SKUS));
        double price = 1 + random.nextInt(5000) / 100.0;
        changes.add(String.format(Locale.ROOT, "{\"seq\":%d,\"sku\":\"%s\",\"price\":%.2f,\"changed_at\":\"%s\"}", seq, sku,
                price, Instant.now()));
    }

    /** Price changes made so far. */
    long changes() {
        return changes.size();
    }

    void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        long since = 0;
        int from = 0;
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                String v = kv.length > 1 ? kv[1] : "";
                try {
                    if (kv[0].equals("since") && !v.isEmpty()) {
                        since = Long.parseLong(v);
                    } else if (kv[0].equals("cursor") && v.startsWith("c")) {
                        from = Integer.parseInt(v.substring(1));
                    }
                } catch (NumberFormatException e) {
                    answer(exchange, 400, "{\"error\":\"since is a change number, cursor one this API gave\"}");
                    return;
                }
            }
        }
        List<String> all = List.copyOf(changes);
        int start = (int) Math.min(all.size(), Math.max(0, since - base) + from);
        int end = Math.min(all.size(), start + PAGE);
        String next = end < all.size() ? "\"c" + (from + PAGE) + "\"" : "null";
        answer(exchange, 200, "{\"changes\":[" + String.join(",", all.subList(start, end)) + "],\"meta\":{\"next_cursor\":"
                + next + "}}");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
