package io.tributary.connect.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker or Connect worker run the way their own scripts run them: a JVM of its own on
 * Kafka's classpath ({@link WorkerClasspath}), output to a log file. Stopped with SIGTERM, as a service manager would,
 * so Kafka and Connect shut down cleanly; killed only if they hang.
 */
final class ChildJvm {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ChildJvm start(String name, String mainClass, List<String> args, Path log, Path log4jConfig, String heap)
            throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            // A session of its own: Ctrl-C in the terminal reaches only this program, which then stops
            // the worker before Kafka, instead of both stopping at once and the worker hanging on Kafka.
            command.add(SETSID.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseG1GC");
        command.add("-Dlog4j.configuration=" + log4jConfig.toUri());
        command.add("-cp");
        command.add(WorkerClasspath.of(System.getProperty("java.class.path")));
        command.add(mainClass);
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ChildJvm(name, p, log);
    }

    /** Runs a tool to completion (such as formatting Kafka's storage) and fails with its output. */
    static void run(String mainClass, List<String> args, Path log, Path log4jConfig) throws IOException, InterruptedException {
        ChildJvm tool = start(mainClass, mainClass, args, log, log4jConfig, "256m");
        if (!tool.process.waitFor(120, TimeUnit.SECONDS) || tool.process.exitValue() != 0) {
            tool.process.destroyForcibly();
            throw new IOException(mainClass + " " + String.join(" ", args) + " failed; see " + log);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGTERM and wait; SIGKILL (of it and anything it started) after {@code grace}. */
    void stop(Duration grace) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            System.out.println(name + " did not stop within " + grace.toSeconds() + " s; killing it");
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    String name() {
        return name;
    }
}
