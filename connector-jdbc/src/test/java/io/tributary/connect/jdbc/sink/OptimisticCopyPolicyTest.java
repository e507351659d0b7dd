package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.db.TableId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimisticCopyPolicyTest {
    private final TableId orders = new TableId(null, "orders");
    private final TableId stock = new TableId(null, "stock");

    @Test
    void aNewTableBetsOnNewKeys() {
        OptimisticCopyPolicy policy = new OptimisticCopyPolicy();
        assertTrue(policy.tryDirect(orders));
        policy.succeeded(orders);
        assertTrue(policy.tryDirect(orders));
    }

    @Test
    void eachFurtherClashDoublesTheBatchesThatMergeUpToTheCap() {
        OptimisticCopyPolicy policy = new OptimisticCopyPolicy();
        int[] expectedSkips = {1, 2, 4, 8, 16, 32, 64, 64};
        for (int expected : expectedSkips) {
            assertTrue(policy.tryDirect(orders));
            policy.clashed(orders);
            assertEquals(expected, skipped(policy, orders));
        }
    }

    @Test
    void aSuccessForgivesPastClashesAndTablesAreJudgedApart() {
        OptimisticCopyPolicy policy = new OptimisticCopyPolicy();
        for (int i = 0; i < 3; i++) {
            policy.tryDirect(orders);
            policy.clashed(orders);
            skipped(policy, orders);
        }
        assertTrue(policy.tryDirect(stock), "another table is not held back by this one's clashes");
        assertTrue(policy.tryDirect(orders));
        policy.succeeded(orders);
        policy.tryDirect(orders);
        policy.clashed(orders);
        assertEquals(1, skipped(policy, orders));
    }

    /** Counts the batches that go to the merge before the policy bets again. */
    private static int skipped(OptimisticCopyPolicy policy, TableId table) {
        int n = 0;
        while (!policy.tryDirect(table)) {
            n++;
            assertFalse(n > OptimisticCopyPolicy.MAX_SKIPPED, "never bets again");
        }
        return n;
    }
}
