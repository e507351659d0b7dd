package io.tributary.connect.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine and versions a run happened on, for the report. */
final class Environment {
    private Environment() {
    }

    static String describe(Postgres pg) {
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
                + memoryGb() + " GiB RAM. Java " + System.getProperty("java.version") + ", Kafka 4.3.1 (embedded KRaft "
                + "broker and 2 Connect workers in one JVM), PostgreSQL " + pg.serverVersion() + ", Debezium JDBC sink "
                + "3.6.0.Final, " + mosquitto() + ".";
    }

    private static String mosquitto() {
        for (String bin : new String[]{"/usr/sbin/mosquitto", "mosquitto"}) {
            try {
                Process p = new ProcessBuilder(bin, "-h").redirectErrorStream(true).start();
                String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("");
                p.waitFor();
                if (first.startsWith("mosquitto version")) {
                    return "Mosquitto " + first.substring("mosquitto version".length()).trim();
                }
            } catch (IOException | InterruptedException e) {
                // try the next
            }
        }
        return "Mosquitto (version unknown)";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static long memoryGb() {
        try {
            String total = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
            return Math.round(Long.parseLong(total) / 1024.0 / 1024.0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
