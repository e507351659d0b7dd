package io.tributary.connect.http.client;

import org.apache.hc.core5.http.ClassicHttpRequest;

import java.io.IOException;

/** Adds credentials to a request; a strategy per {@link AuthType}. */
public interface Auth {
    Auth NONE = request -> { };

    /** Sets the credentials on {@code request}; may fetch a token first. */
    void apply(ClassicHttpRequest request) throws IOException;

    /**
     * The endpoint answered 401 to credentials that {@link #apply} set: forget cached ones. True when new
     * credentials may succeed, so the request is worth sending once more at once.
     */
    default boolean renewAfterUnauthorized() {
        return false;
    }
}
