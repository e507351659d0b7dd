package io.tributary.connect.http.client;

import io.tributary.connect.common.config.ConfigChoice;

/** How requests prove who sends them, as {@code http.auth.type} names it. */
public enum AuthType implements ConfigChoice {
    NONE, BASIC, BEARER, API_KEY, OAUTH2
}
