package io.tributary.connect.http.client;

/**
 * How a request ended after every attempt: delivered, or failed with the last answer (or connection
 * error) and why no further attempt was made.
 */
public record RequestOutcome(Kind kind, OutgoingRequest request, HttpExchange lastExchange, Exception lastError,
                             int attempts, String reason) {
    public enum Kind {
        /** A 2xx answer. */
        DELIVERED,
        /** A status that is not retried, or retries exhausted: the records go to error handling. */
        FAILED,
        /** The connector's own credentials were refused: the task must fail. */
        FATAL
    }

    public boolean delivered() {
        return kind == Kind.DELIVERED;
    }

    /** The last status, or -1 when the last attempt got no answer. */
    public int status() {
        return lastExchange == null || lastError != null ? -1 : lastExchange.status();
    }

    /** What went wrong, for logs, exceptions and dead letter queue headers. */
    public String describe() {
        String what = status() >= 0 ? "status " + status() + " from " : lastError != null
                ? lastError.getClass().getSimpleName() + " (" + lastError.getMessage() + ") sending to " : "";
        return request.method() + " " + what + request.uri() + " after " + attempts + " attempt"
                + (attempts == 1 ? "" : "s") + ": " + reason;
    }
}
