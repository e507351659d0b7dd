package io.tributary.connect.http;

import io.tributary.connect.common.config.ConfigErrors;
import io.tributary.connect.common.tls.TlsConfig;
import io.tributary.connect.http.HttpSinkConfig.BodyFormat;
import io.tributary.connect.http.client.HttpClientConfig;
import org.apache.kafka.common.config.ConfigValue;

import java.util.List;
import java.util.Map;

/** Checks between keys: settings that are each valid but cannot work together, each naming the key and the fix. */
final class HttpSinkConfigValidator {
    private final Map<String, String> props;
    private final List<ConfigValue> values;

    HttpSinkConfigValidator(Map<String, String> props, List<ConfigValue> values) {
        this.props = props;
        this.values = values;
    }

    void validate() {
        HttpClientConfig.problems(props).forEach((key, message) -> ConfigErrors.add(values, key, message));
        if (ConfigErrors.any(values)) {
            return;
        }
        HttpSinkConfig config = new HttpSinkConfig(props);
        checkBody(config);
        checkBatching(config);
        checkTls(config);
        checkReporter();
    }

    private void checkReporter() {
        String servers = props.getOrDefault(HttpSinkConfig.REPORTER_BOOTSTRAP_SERVERS, "").trim();
        boolean topics = !props.getOrDefault(HttpSinkConfig.REPORTER_RESULT_TOPIC, "").isBlank()
                || !props.getOrDefault(HttpSinkConfig.REPORTER_ERROR_TOPIC, "").isBlank();
        if (topics && servers.isEmpty()) {
            ConfigErrors.add(values, HttpSinkConfig.REPORTER_BOOTSTRAP_SERVERS, "a report topic is set but no cluster to "
                    + "write it to; set reporter.bootstrap.servers (the worker's own Kafka, or another)");
        } else if (!topics && !servers.isEmpty()) {
            ConfigErrors.add(values, HttpSinkConfig.REPORTER_BOOTSTRAP_SERVERS, "reports need a topic; set "
                    + "reporter.result.topic.name or reporter.error.topic.name, or remove reporter.bootstrap.servers");
        }
    }

    private void checkBody(HttpSinkConfig config) {
        String template = config.getString(HttpSinkConfig.BODY_TEMPLATE);
        if (config.bodyFormat() == BodyFormat.TEMPLATE) {
            if (!config.bodyTemplate().roots().contains("records")) {
                ConfigErrors.add(values, HttpSinkConfig.BODY_TEMPLATE, "body.format=template needs a body template "
                        + "with ${records} where the records go, as {\"items\":${records}}");
            }
        } else if (!template.isBlank()) {
            ConfigErrors.add(values, HttpSinkConfig.BODY_TEMPLATE, "body.template applies only with "
                    + "body.format=template; set body.format=template or remove body.template");
        }
    }

    private void checkBatching(HttpSinkConfig config) {
        String records = props.get(HttpSinkConfig.BATCH_MAX_RECORDS);
        if (config.bodyFormat() == BodyFormat.SINGLE && records != null && !records.trim().equals("1")) {
            ConfigErrors.add(values, HttpSinkConfig.BATCH_MAX_RECORDS, "body.format=single sends one record per "
                    + "request; remove batch.max.records, or choose body.format=json_array or ndjson to batch");
        }
        String buffered = props.get(HttpSinkConfig.MAX_BUFFERED_RECORDS);
        if (buffered != null && config.getInt(HttpSinkConfig.MAX_BUFFERED_RECORDS) < config.batchMaxRecords()) {
            ConfigErrors.add(values, HttpSinkConfig.MAX_BUFFERED_RECORDS, "is smaller than batch.max.records, so "
                    + "a batch could never fill; raise it to at least " + config.batchMaxRecords());
        }
    }

    private void checkTls(HttpSinkConfig config) {
        boolean https = config.getString(HttpSinkConfig.URL).trim().regionMatches(true, 0, "https://", 0, 8);
        TlsConfig.Problem problem = HttpClientConfig.tlsProblem(props, config, https, "http.url");
        if (problem != null) {
            ConfigErrors.add(values, problem.key(), problem.message());
        }
    }
}
