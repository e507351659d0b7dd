package io.tributary.connect.http.source;

/** An endpoint whose pages cannot go on as configured: a cursor or next URL that repeats, one that is no URL. */
public final class PagingException extends RuntimeException {
    public PagingException(String message) {
        super(message);
    }
}
