package io.tributary.connect.common.retry;

import io.tributary.connect.common.config.ConfigDefBuilder;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The "Retries" keys of every connector that retries transient failures, defined once: how many
 * attempts in a row, and the backoff between them.
 */
public final class RetryConfig {
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";

    /** The values of a parsed config. */
    public record Settings(int maxRetries, long backoffMs, long backoffMaxMs) {
        public Backoff backoff() {
            return new Backoff(backoffMs, backoffMaxMs);
        }
    }

    private RetryConfig() {
    }

    /** {@code failures} names what fails transiently; {@code resume} says what happens to the work meanwhile. */
    public static ConfigDefBuilder define(ConfigDefBuilder b, String failures, String resume) {
        return defineEndingIn(b, failures, "before the task fails. " + resume);
    }

    /**
     * For work that does not fail the task when retries run out: {@code ending} says what happens then, from
     * "before ..." on.
     */
    public static ConfigDefBuilder defineEndingIn(ConfigDefBuilder b, String failures, String ending) {
        return b.group("Retries")
                .define(MAX_RETRIES, Type.INT, 10, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "Attempts after a transient failure (" + failures + ") " + ending,
                        "Maximum retries")
                .define(RETRY_BACKOFF_MS, Type.LONG, 1000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "Wait before the first retry; it doubles per attempt, with jitter, up to retry.backoff.max.ms.",
                        "Retry backoff")
                .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Longest wait between retries.", "Maximum retry backoff");
    }

    public static Settings settings(AbstractConfig c) {
        long initial = c.getLong(RETRY_BACKOFF_MS);
        return new Settings(c.getInt(MAX_RETRIES), initial, Math.max(initial, c.getLong(RETRY_BACKOFF_MAX_MS)));
    }
}
