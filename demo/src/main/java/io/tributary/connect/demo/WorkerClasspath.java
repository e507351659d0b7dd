package io.tributary.connect.demo;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The classpath of the Kafka broker and the Connect worker: this program's, less what only this
 * program uses (the embedded MQTT broker, the simulated sensors' client, JDBC drivers, our own
 * classes, test libraries). A worker must see no more than a real one would: a library on its
 * classpath that the plugin also bundles can be half-loaded from each side (the worker failed on
 * Moquette's netty-epoll meeting the pack's netty with a ClassCastException).
 */
final class WorkerClasspath {
    /** Maven group folders of the libraries only this program needs. */
    private static final List<String> OURS_ONLY = List.of(
            "/io/moquette/", "/io/netty/", "/com/hivemq/", "/io/reactivex/", "/org/reactivestreams/", "/org/jctools/",
            "/com/google/dagger/", "/javax/inject/", "/com/h2database/", "/io/dropwizard/", "/commons-codec/",
            "/org/xerial/", "/org/postgresql/", "/org/mariadb/", "/io/tributary/",
            "/org/junit/", "/org/opentest4j/", "/org/apiguardian/");

    private WorkerClasspath() {
    }

    static String of(String classpath) {
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .filter(entry -> OURS_ONLY.stream().noneMatch(entry.replace(File.separatorChar, '/')::contains))
                // Our own jars wherever they are (a reactor build takes them from each module's target/):
                // the worker must load the connectors from plugin.path only.
                .filter(entry -> !new File(entry).getName().startsWith("tributary-"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
