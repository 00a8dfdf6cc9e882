package io.redline.localstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Describes the machine and reads its load, so every benchmark's printed table says where it was measured. */
public final class Machine {

    private Machine() {}

    /** Cores, CPU model, RAM and JVM, e.g. {@code 2 cores, AMD EPYC ..., 23.4 GiB RAM, Java 17.0.15}. */
    public static String describe() {
        return String.format(
                Locale.ROOT,
                "%d cores, %s, %.1f GiB RAM, Java %s",
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                memTotalGiB(),
                System.getProperty("java.version"));
    }

    /** The CPU's model name from /proc/cpuinfo, or "unknown CPU" off Linux. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown CPU";
    }

    /** Total RAM from /proc/meminfo in GiB, 0 off Linux. */
    public static double memTotalGiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1048576.0;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return 0;
    }

    /** The three load averages of /proc/loadavg, or "?" off Linux. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
