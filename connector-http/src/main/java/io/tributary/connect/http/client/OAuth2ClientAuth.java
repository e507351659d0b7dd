package io.tributary.connect.http.client;

import io.tributary.connect.common.config.ConfigChoice;

/** Where an OAuth2 token request carries the client id and secret (RFC 6749 §2.3.1). */
public enum OAuth2ClientAuth implements ConfigChoice {
    /** HTTP Basic authentication header. */
    HEADER,
    /** {@code client_id} and {@code client_secret} form fields. */
    FORM
}
