package io.tributary.connect.bench;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * How many produce requests the run's broker (in this JVM) has handled, from its own request metric
 * over JMX: produce requests per record say how full the producers' batches were, which is what the
 * broker's CPU per record follows.
 */
final class BrokerRequests {
    private BrokerRequests() {
    }

    static long produceRequests() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long total = 0;
        try {
            for (ObjectName name : server.queryNames(new ObjectName(
                    "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,*"), null)) {
                total += ((Number) server.getAttribute(name, "Count")).longValue();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the broker's request metrics", e);
        }
        return total;
    }
}
