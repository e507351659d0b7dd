package io.tributary.connect.demo;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WorkerClasspathTest {
    @Test
    void keepsKafkaAndItsLibrariesAndDropsWhatOnlyTheDemoUses() {
        String m2 = "/home/u/.m2/repository";
        String classpath = String.join(File.pathSeparator,
                "/src/demo/target/classes",
                m2 + "/org/apache/kafka/connect-runtime/4.3.1/connect-runtime-4.3.1.jar",
                m2 + "/com/yammer/metrics/metrics-core/2.2.0/metrics-core-2.2.0.jar",
                m2 + "/io/dropwizard/metrics/metrics-core/3.2.2/metrics-core-3.2.2.jar",
                m2 + "/io/netty/netty-transport-native-epoll/4.1.93.Final/netty-transport-native-epoll-4.1.93.Final-linux-x86_64.jar",
                m2 + "/io/moquette/moquette-broker/0.17/moquette-broker-0.17.jar",
                m2 + "/com/fasterxml/jackson/core/jackson-databind/2.18.2/jackson-databind-2.18.2.jar",
                m2 + "/org/xerial/sqlite-jdbc/3.48.0.0/sqlite-jdbc-3.48.0.0.jar",
                "/src/connector-jdbc/target/tributary-connector-jdbc-0.1.0-SNAPSHOT.jar");
        assertEquals(List.of(
                        m2 + "/org/apache/kafka/connect-runtime/4.3.1/connect-runtime-4.3.1.jar",
                        m2 + "/com/yammer/metrics/metrics-core/2.2.0/metrics-core-2.2.0.jar",
                        m2 + "/com/fasterxml/jackson/core/jackson-databind/2.18.2/jackson-databind-2.18.2.jar"),
                List.of(WorkerClasspath.of(classpath).split(File.pathSeparator)));
    }
}
