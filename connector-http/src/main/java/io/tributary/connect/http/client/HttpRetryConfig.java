package io.tributary.connect.http.client;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.retry.RetryConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The retry keys of every HTTP connector: the shared backoff keys, a retry deadline and the statuses retried. */
public final class HttpRetryConfig {
    public static final String RETRY_TIMEOUT_MS = "retry.timeout.ms";
    public static final String RETRY_STATUS_CODES = "retry.on.status.codes";

    private HttpRetryConfig() {
    }

    /**
     * {@code giveUp} says, from "before ..." on, what happens once a request's retries are used up;
     * {@code otherStatuses} what other failures do.
     */
    public static ConfigDefBuilder define(ConfigDefBuilder b, String giveUp, String otherStatuses) {
        return RetryConfig.defineEndingIn(b, "connection errors, timeouts, and the statuses in retry.on.status.codes",
                giveUp)
                .define(RETRY_TIMEOUT_MS, Type.LONG, 300_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "Longest time a request is retried, from its first failure; a Retry-After that points past it "
                                + "ends the retries at once.", "Retry timeout")
                .define(RETRY_STATUS_CODES, Type.LIST, "408,429,500,502,503,504", new StatusCodesValidator(),
                        Importance.MEDIUM, "Response statuses that are retried (Retry-After honoured: no request to "
                                + "that endpoint before the time it names). " + otherStatuses, "Retried statuses");
    }

    public static RetryPolicy policy(AbstractConfig c) {
        RetryConfig.Settings retries = RetryConfig.settings(c);
        Set<Integer> statuses = new LinkedHashSet<>();
        for (String code : c.getList(RETRY_STATUS_CODES)) {
            statuses.add(Integer.parseInt(code.trim()));
        }
        return new RetryPolicy(Set.copyOf(statuses), retries.backoff(), retries.maxRetries(), c.getLong(RETRY_TIMEOUT_MS));
    }

    static final class StatusCodesValidator implements ConfigDef.Validator {
        @Override
        @SuppressWarnings("unchecked")
        public void ensureValid(String name, Object value) {
            for (String code : (List<String>) value) {
                int status;
                try {
                    status = Integer.parseInt(code.trim());
                } catch (NumberFormatException e) {
                    throw new ConfigException(name, code, "is not a status code; list codes such as 429,503");
                }
                if (status < 300 || status > 599) {
                    throw new ConfigException(name, code, "must be a 3xx, 4xx or 5xx status; 2xx always succeeds");
                }
            }
        }

        @Override
        public String toString() {
            return "status codes, as 429,503";
        }
    }
}
