package io.tributary.connect.http;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.config.CredentialMask;
import io.tributary.connect.common.config.TaskConfigKeys;
import io.tributary.connect.common.errors.ErrantRecords;
import io.tributary.connect.common.flow.PartitionPauses;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.http.client.EndpointGate;
import io.tributary.connect.http.client.HttpTransport;
import io.tributary.connect.http.client.ResponseReading;
import io.tributary.connect.http.client.RetryingExecutor;
import io.tributary.connect.http.sink.BodyAssembler;
import io.tributary.connect.http.sink.HttpSinkMetrics;
import io.tributary.connect.http.sink.HttpSinkWriter;
import io.tributary.connect.http.sink.KafkaResponseReporter;
import io.tributary.connect.http.sink.ResponseReporter;
import io.tributary.connect.http.sink.RecordRenderer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Thin: hands records to {@link HttpSinkWriter}, pauses partitions that hold too much while the endpoint
 * is slow or down, and commits only offsets whose records were delivered or reported.
 */
public final class HttpSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(HttpSinkTask.class);

    private HttpSinkWriter writer;
    private HttpTransport transport;
    private TaskMetrics taskMetrics;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        HttpSinkConfig config = new HttpSinkConfig(props);
        String connector = props.getOrDefault("name", "connector");
        String taskId = TaskConfigKeys.of(props);
        try {
            transport = new HttpTransport(config.client());
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new ConnectException("Cannot set up the HTTP client: " + e.getMessage()
                    + "; check the http.ssl.* settings", e);
        }
        taskMetrics = new TaskMetrics(HttpSinkMetrics.TYPE, connector, taskId);
        HttpSinkMetrics metrics = new HttpSinkMetrics(taskMetrics);
        KafkaResponseReporter.Settings reports = config.reporter("tributary-http-sink-reporter-" + connector + "-" + taskId);
        ResponseReporter reporter = reports == null ? ResponseReporter.NONE : new KafkaResponseReporter(reports);
        int bodyChars = Math.max(HttpSinkWriter.RESPONSE_BODY_CHARS, reports == null ? 0 : reports.maxBodyChars());
        RetryingExecutor executor = new RetryingExecutor(transport, config.retryPolicy(), new EndpointGate(),
                config.maxInFlight(), new ResponseReading(bodyChars, reporter.needsSuccessBodies(), false), "tributary-http-sink-" + connector + "-" + taskId,
                metrics.requests());
        ErrantRecords errant = ErrantRecords.from(context);
        boolean tolerate = config.toleratesErrors();
        HttpSinkWriter.ErrorHandling errors = new HttpSinkWriter.ErrorHandling() {
            @Override
            public boolean tolerates() {
                return tolerate;
            }

            @Override
            public void report(SinkRecord record, Throwable cause, Map<String, String> headers) {
                errant.report(record, cause, headers);
            }
        };
        RecordRenderer renderer = new RecordRenderer(new RecordRenderer.Settings(config.url(), config.headers(),
                config.bodyStrings(), config.tombstones(), config.batchMaxBytes()));
        writer = new HttpSinkWriter(new HttpSinkWriter.Settings(config.batchMaxRecords(), config.batchMaxBytes(),
                config.lingerMs(), config.maxBufferedRecords(), config.method().configValue(), config.contentType()),
                renderer, new BodyAssembler(config.bodyFormat(), config.bodyTemplate()), executor, errors, metrics, reporter);
        taskMetrics.gauge("records-buffered", "Records held: batching, waiting, being sent or retried", writer::buffered);
        taskMetrics.gauge("requests-in-flight", "Requests open now (one per partition at most)", writer::openRequests);
        taskMetrics.gauge("oauth2-tokens-fetched", "OAuth2 tokens fetched (http.auth.type=oauth2)",
                transport::tokensFetched);
        taskMetrics.register();
        log.info("HTTP sink task {} started: {} {}, body.format {}, batch.max.records {}, max.in.flight.requests {}",
                taskId, config.method().configValue(), CredentialMask.url(config.url().toString()), config.bodyFormat().configValue(),
                config.batchMaxRecords(), config.maxInFlight());
    }

    /** How long a put waits, once every partition is paused, for one to drain enough to resume. */
    static final long ROOM_WAIT_MS = 500;

    @Override
    public void put(Collection<SinkRecord> records) {
        writer.put(records, System.currentTimeMillis());
        PartitionPauses.pause(context, writer.partitionsToPause(), log, "each holds max.buffered.records undelivered records");
        try {
            writer.awaitRoom(context.assignment(), ROOM_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        PartitionPauses.resume(context, writer.partitionsToResume(), log);
        long lookAgainMs = writer.sendReady(System.currentTimeMillis());
        if (lookAgainMs >= 0) {
            // The worker's next poll returns by then even when no record comes, so lingering batches go out,
            // failures are reported and paused partitions resume without waiting for the next offset commit.
            context.timeout(lookAgainMs);
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            writer.reportFailures();
        } catch (ConnectException e) {
            // The worker only logs exceptions from here; the next put fails the task with it.
            log.error("A request failed for good; the task fails at its next put", e);
        }
        Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();
        try {
            writer.committableOffsets(currentOffsets.keySet()).forEach((tp, next) -> safe.put(tp, new OffsetAndMetadata(next)));
        } catch (ConnectException e) {
            // A response report was not written: commit nothing now, so those records are sent (and reported) again.
            log.warn("Not committing offsets: {}", e.getMessage());
        }
        return safe;
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        PartitionPauses.unpauseOpened(context, partitions);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (writer != null) {
            writer.drop(partitions);
        }
    }

    @Override
    public void stop() {
        if (writer != null) {
            writer.close();
        }
        if (transport != null) {
            try {
                transport.close();
            } catch (IOException e) {
                log.debug("Closing the HTTP client: {}", e.toString());
            }
        }
        if (taskMetrics != null) {
            taskMetrics.close();
        }
    }
}
