package io.tributary.connect.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP sink benchmark's endpoint: the JDK's HttpServer on loopback, answering 200 with no body and
 * counting the records each run's path receives (the records are flat JSON objects, so a record is one
 * '{'). Its threads ({@code bench-http-endpoint-*}) are the same work for the connector and its limit,
 * and count for neither.
 */
final class CountingEndpoint implements AutoCloseable {
    static final String THREAD_PREFIX = "bench-http-endpoint-";

    /** What one path received: records, and when the first and the latest request arrived. */
    static final class Tally {
        final AtomicLong records = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        volatile long firstRecords;
        volatile long firstNanos;
        volatile long lastNanos;
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

    CountingEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, THREAD_PREFIX + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    Tally tally(String path) {
        return tallies.computeIfAbsent(path, p -> new Tally());
    }

    private void handle(HttpExchange exchange) throws IOException {
        long records = 0;
        byte[] buffer = new byte[16384];
        try (InputStream in = exchange.getRequestBody()) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '{') {
                        records++;
                    }
                }
            }
        }
        Tally tally = tally(exchange.getRequestURI().getPath());
        long now = System.nanoTime();
        synchronized (tally) {
            if (tally.firstNanos == 0) {
                tally.firstRecords = records;
                tally.firstNanos = now;
            }
        }
        tally.records.addAndGet(records);
        tally.requests.incrementAndGet();
        tally.lastNanos = now;
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
