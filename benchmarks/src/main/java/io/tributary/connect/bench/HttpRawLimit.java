package io.tributary.connect.bench;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * The endpoint's raw capacity: a plain Apache HttpClient 5 loop posting ready-made bodies of the same
 * records to the same endpoint, on {@code concurrency} threads ({@code bench-http-raw-*}), with a pooled
 * client as the connector's. No Kafka, no conversion: what the endpoint and HTTP take, and nothing else.
 */
final class HttpRawLimit {
    static final String THREAD_PREFIX = "bench-http-raw-";

    private HttpRawLimit() {
    }

    /**
     * Posts for {@code seconds} (a loop this cheap finishes any fixed count too fast to time); returns the
     * run's result.
     */
    static Result run(CountingEndpoint endpoint, String mode, int batch, boolean single, int concurrency, double seconds)
            throws Exception {
        String path = "/raw/" + Long.toString(System.nanoTime(), 36);
        byte[] body = HttpRecords.body(batch, single);
        long endAt = System.nanoTime() + (long) (seconds * 1e9);
        MachineCpu cpu = new MachineCpu();
        List<Thread> threads = new ArrayList<>();
        List<Exception> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(concurrency).setMaxConnPerRoute(concurrency).build())
                .disableAutomaticRetries().build();
             ThreadCpu threadCpu = new ThreadCpu(ThreadCpu.Threads.named(THREAD_PREFIX))) {
            for (int t = 0; t < concurrency; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        while (System.nanoTime() < endAt) {
                            HttpPost post = new HttpPost(endpoint.url(path));
                            post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
                            client.execute(post, response -> {
                                EntityUtils.consume(response.getEntity());
                                if (response.getCode() != 200) {
                                    throw new IllegalStateException("endpoint answered " + response.getCode());
                                }
                                return null;
                            });
                        }
                    } catch (Exception e) {
                        errors.add(e);
                    }
                }, THREAD_PREFIX + t);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            if (!errors.isEmpty()) {
                throw errors.get(0);
            }
            CountingEndpoint.Tally tally = endpoint.tally(path);
            long measured = tally.records.get() - tally.firstRecords;
            double timed = (tally.lastNanos - tally.firstNanos) / 1e9;
            ThreadCpu.Reading reading = threadCpu.read();
            Result r = new Result(HttpSinkScenario.SCENARIO, "limit", HttpSinkScenario.LIMIT, mode, 0, measured, timed, 0,
                    0, cpu.busyPercent(), Double.NaN, JdbcSinkScenario.microsPerRecord(reading, tally.records.get(), mode));
            System.out.printf("  %-24s %-24s %,12.0f records/s, %.2f µs CPU/record%n", HttpSinkScenario.LIMIT, mode, r.rate(),
                    r.threadCpuMicros());
            return r;
        }
    }
}
