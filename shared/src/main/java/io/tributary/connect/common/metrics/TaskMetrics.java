package io.tributary.connect.common.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A task's counters and gauges, readable over JMX as
 * {@code io.tributary.connect:type=<type>,connector=<name>,task=<id>} (the worker's JMX exporter
 * or jconsole picks them up). Counters are cheap to bump from any thread.
 */
public final class TaskMetrics implements DynamicMBean, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);

    private final ObjectName name;
    private final Map<String, LongAdder> counters = new LinkedHashMap<>();
    private final Map<String, Supplier<Object>> gauges = new LinkedHashMap<>();
    private final Map<String, String> docs = new LinkedHashMap<>();
    private boolean registered;

    public TaskMetrics(String type, String connector, String task) {
        try {
            this.name = objectName(type, connector, task);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The JMX name of one task's metrics. */
    public static ObjectName objectName(String type, String connector, String task)
            throws javax.management.MalformedObjectNameException {
        return new ObjectName("io.tributary.connect:type=" + type + ",connector=" + ObjectName.quote(connector) + ",task=" + task);
    }

    /** Defines a counter; call before {@link #register()}. */
    public synchronized LongAdder counter(String attribute, String doc) {
        docs.put(attribute, doc);
        return counters.computeIfAbsent(attribute, a -> new LongAdder());
    }

    /** Defines a gauge read on demand; call before {@link #register()}. */
    public synchronized void gauge(String attribute, String doc, Supplier<Object> value) {
        docs.put(attribute, doc);
        gauges.put(attribute, value);
    }

    /** Registers with the platform MBean server, replacing a stale registration of the same task. */
    public synchronized TaskMetrics register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
            registered = true;
        } catch (Exception e) {
            // Metrics must never stop a task.
            log.warn("Could not register metrics {}: {}", name, e.toString());
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (!registered) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (Exception e) {
            log.debug("Could not unregister metrics {}: {}", name, e.toString());
        }
        registered = false;
    }

    public synchronized long count(String attribute) {
        LongAdder c = counters.get(attribute);
        return c == null ? 0 : c.sum();
    }

    @Override
    public synchronized Object getAttribute(String attribute) throws AttributeNotFoundException {
        LongAdder c = counters.get(attribute);
        if (c != null) {
            return c.sum();
        }
        Supplier<Object> g = gauges.get(attribute);
        if (g != null) {
            return g.get();
        }
        throw new AttributeNotFoundException(attribute);
    }

    @Override
    public void setAttribute(Attribute attribute) {
        throw new UnsupportedOperationException("read-only metrics");
    }

    @Override
    public synchronized AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String a : attributes) {
            try {
                list.add(new Attribute(a, getAttribute(a)));
            } catch (AttributeNotFoundException e) {
                // Unknown names are left out, as JMX expects.
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations");
    }

    @Override
    public synchronized MBeanInfo getMBeanInfo() {
        MBeanAttributeInfo[] attrs = docs.entrySet().stream().map(e -> new MBeanAttributeInfo(e.getKey(),
                counters.containsKey(e.getKey()) ? "long" : "java.lang.Object", e.getValue(), true, false, false))
                .toArray(MBeanAttributeInfo[]::new);
        return new MBeanInfo(getClass().getName(), "Tributary task metrics", attrs, null, null, null);
    }
}
