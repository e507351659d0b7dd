package io.tributary.connect.mqtt.source;

/** A message whose payload cannot become a record; {@code reason} names the kind, for the error headers. */
public final class BadPayloadException extends Exception {
    public static final String NOT_JSON = "not-json";
    public static final String NOT_UTF8 = "not-utf8";
    public static final String TOO_LARGE = "too-large";
    public static final String BAD_TIMESTAMP = "bad-timestamp";

    private final String reason;

    public BadPayloadException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
