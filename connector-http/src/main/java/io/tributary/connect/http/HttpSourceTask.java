package io.tributary.connect.http;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.config.TaskConfigKeys;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.http.client.EndpointGate;
import io.tributary.connect.http.client.HttpTransport;
import io.tributary.connect.http.client.ResponseReading;
import io.tributary.connect.http.client.RetryingExecutor;
import io.tributary.connect.http.source.BadInputHandler;
import io.tributary.connect.http.source.EndpointPoller;
import io.tributary.connect.http.source.EndpointPosition;
import io.tributary.connect.http.source.EndpointReader;
import io.tributary.connect.http.source.HttpSourceMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Thin: reads its endpoints through an {@link EndpointPoller}, hands each answer's records to the worker (one
 * page per poll, one transaction on an exactly-once worker), sends bad input where http.errors.action says, and
 * logs outages, which its readers retry at their next poll.
 */
public final class HttpSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(HttpSourceTask.class);
    /** Longest wait inside one poll, so stop() is answered promptly. */
    private static final long MAX_WAIT_MS = 1000;

    private HttpTransport transport;
    private RetryingExecutor executor;
    private EndpointPoller poller;
    private BadInputHandler badInput;
    private TaskMetrics taskMetrics;
    private HttpSourceMetrics metrics;
    private volatile boolean stopping;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        HttpSourceConfig config = new HttpSourceConfig(props);
        String connector = props.getOrDefault("name", "http-source");
        String taskId = TaskConfigKeys.of(props);
        List<String> endpoints = Arrays.stream(props.getOrDefault(HttpSourceConnector.TASK_ENDPOINTS, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        try {
            transport = new HttpTransport(config.client());
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new ConnectException("Cannot set up the HTTP client: " + e.getMessage()
                    + "; check the http.ssl.* settings", e);
        }
        taskMetrics = new TaskMetrics(HttpSourceMetrics.TYPE, connector, taskId);
        metrics = new HttpSourceMetrics(taskMetrics);
        taskMetrics.gauge("oauth2-tokens-fetched", "OAuth2 tokens fetched (http.auth.type=oauth2)",
                transport::tokensFetched);
        taskMetrics.register();
        executor = new RetryingExecutor(transport, config.retryPolicy(), new EndpointGate(),
                Math.max(1, Math.min(endpoints.size(), config.client().maxConnections())),
                new ResponseReading(config.responseMaxChars(), true, true), "tributary-http-source-" + connector + "-"
                + taskId, metrics.requests());
        List<Map<String, String>> partitions = endpoints.stream().map(EndpointPosition::partition).toList();
        Map<Map<String, String>, Map<String, Object>> stored = context.offsetStorageReader().offsets(partitions);
        List<EndpointReader> readers = new ArrayList<>(endpoints.size());
        for (String name : endpoints) {
            EndpointPosition start = EndpointPosition.fromMap(stored.get(EndpointPosition.partition(name)));
            readers.add(new EndpointReader(config.endpoint(name), start, config.responseMaxChars()));
            log.info("HTTP source task {} of {} reads endpoint {} from {}", taskId, connector, name,
                    start.equals(EndpointPosition.START) ? "the start" : "offset " + start.toMap());
        }
        poller = new EndpointPoller(readers, executor, config.retryPolicy(), config.responseMaxChars(),
                System::currentTimeMillis);
        badInput = new BadInputHandler(config.errorsAction(), config.errorsTopic(connector), connector, taskId);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (stopping) {
            return null;
        }
        EndpointPoller.Answer answer = poller.next(MAX_WAIT_MS);
        if (answer == null) {
            return null;
        }
        EndpointReader.Result result = answer.result();
        String endpoint = answer.reader().name();
        if (result.outage() != null) {
            metrics.outages.increment();
            log.warn("Endpoint {} could not be read: {}; asking again at its next poll, from where it stopped",
                    endpoint, result.outage());
            return null;
        }
        if (!result.records().isEmpty()) {
            metrics.pages.increment();
        }
        metrics.records.add(result.records().size());
        metrics.duplicates.add(result.duplicates());
        metrics.badInput.add(result.problems().size());
        // Error records come first and move no position; with no data records, they carry the position after.
        Map<String, Object> errorOffset = (result.records().isEmpty() ? result.after() : result.before()).toMap();
        List<SourceRecord> records = new ArrayList<>(badInput.handle(endpoint, result.problems(),
                answer.reader().partition(), errorOffset));
        records.addAll(result.records());
        if (records.isEmpty()) {
            return null;
        }
        if (context.transactionContext() != null) {
            context.transactionContext().commitTransaction(records.get(records.size() - 1));
        }
        return records;
    }

    @Override
    public void stop() {
        stopping = true;
        if (executor != null) {
            executor.close();
        }
        if (transport != null) {
            try {
                transport.close();
            } catch (IOException e) {
                log.debug("Closing the HTTP client failed", e);
            }
        }
        if (taskMetrics != null) {
            taskMetrics.close();
        }
    }
}
