package io.tributary.connect.http.client;

/** Response bodies cut to a length that fits a log line or a Kafka header. */
public final class Bodies {
    private Bodies() {
    }

    public static String snippet(String body, int maxChars) {
        if (body == null) {
            return "";
        }
        String oneLine = body.strip();
        return oneLine.length() <= maxChars ? oneLine : oneLine.substring(0, maxChars) + "…(" + oneLine.length() + " chars)";
    }
}
