package io.tributary.connect.http.client;

import java.io.IOException;

/**
 * The token endpoint refused the connector's own credentials: no retry or dead letter queue can help, so
 * the task fails with a message naming the keys to fix.
 */
public final class CredentialsRejectedException extends IOException {
    public CredentialsRejectedException(String message) {
        super(message);
    }
}
