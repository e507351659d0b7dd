package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.db.TableId;

import java.util.HashMap;
import java.util.Map;

/**
 * Whether a keyed batch should first be copied straight into its table, betting that none of its
 * keys are there yet (new orders, new readings: most upsert streams mostly insert). A lost bet
 * costs one rolled-back COPY, so after a key clash a table goes through the staged merge for a
 * while, twice as long after each further clash (up to {@value #MAX_SKIPPED} batches): update-heavy
 * streams settle on the merge and waste at most one COPY in that many batches.
 */
final class OptimisticCopyPolicy {
    static final int MAX_SKIPPED = 64;

    private final Map<TableId, State> states = new HashMap<>();

    private static final class State {
        int penalty;
        int skipsLeft;
    }

    /** True when this batch should try the direct COPY. */
    boolean tryDirect(TableId table) {
        State s = states.computeIfAbsent(table, t -> new State());
        if (s.skipsLeft > 0) {
            s.skipsLeft--;
            return false;
        }
        return true;
    }

    void succeeded(TableId table) {
        states.computeIfAbsent(table, t -> new State()).penalty = 0;
    }

    void clashed(TableId table) {
        State s = states.computeIfAbsent(table, t -> new State());
        s.penalty = s.penalty == 0 ? 1 : Math.min(MAX_SKIPPED, s.penalty * 2);
        s.skipsLeft = s.penalty;
    }
}
