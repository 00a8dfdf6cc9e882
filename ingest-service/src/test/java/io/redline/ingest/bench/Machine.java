package io.redline.ingest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Describes the machine and reads its load, so every printed table says where it was measured. */
final class Machine {

    private Machine() {
    }

    /** Cores, CPU model, RAM and JVM, e.g. {@code 2 cores, AMD EPYC ..., 23.4 GiB RAM, Java 17.0.15}. */
    static String describe() {
        String model = "unknown CPU";
        long memKb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // not Linux: the model stays unknown
        }
        return String.format(Locale.ROOT, "%d cores, %s, %.1f GiB RAM, Java %s", Runtime.getRuntime()
                .availableProcessors(), model, memKb / 1048576.0, System.getProperty("java.version"));
    }

    /** The three load averages of /proc/loadavg. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
