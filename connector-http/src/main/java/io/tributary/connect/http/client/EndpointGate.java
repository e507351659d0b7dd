package io.tributary.connect.http.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers, per endpoint ({@code scheme://host:port}), the time before which its Retry-After asked for
 * no request, so that no request of the task (whatever its partition) goes there sooner.
 */
public final class EndpointGate {
    private final ConcurrentMap<String, Long> notBefore = new ConcurrentHashMap<>();

    /** Holds requests to {@code origin} until {@code untilMs}; an earlier hold never shortens a later one. */
    public void hold(String origin, long untilMs) {
        notBefore.merge(origin, untilMs, Math::max);
    }

    /** The epoch millisecond before which {@code origin} gets no request; 0 when it is open. */
    public long openAtMs(String origin) {
        Long at = notBefore.get(origin);
        return at == null ? 0 : at;
    }
}
