package io.redline.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds free TCP ports for the processes this project starts, never handing out the same port twice in one JVM.
 *
 * <p>Ports come from below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}, 32768-60999 by
 * default), which the kernel never hands out by itself: a port picked here cannot be taken, between the pick and the
 * bind, by an outgoing connection or by a server that binds port 0 (a feed farm with hundreds of listeners, a
 * Kafka client), which happened with ports the kernel had picked. A port counts as free when it can be bound on
 * every address, since services listen on 0.0.0.0 and the farms on 127.0.0.x.
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    /** Lowest port handed out: above the registered ports most local software (databases, brokers) listens on. */
    private static final int LOW = 20_000;

    private static final int ATTEMPTS = 1_000;

    private FreePorts() {}

    /**
     * A port that is free now on every address, from below the ephemeral range (random, so two JVMs rarely try the
     * same one). Another process that binds explicit ports could still take it before the caller binds it; none
     * of ours does. Never 9092/9200 of ./redline up.
     */
    public static synchronized int next() {
        int high = ephemeralLow();
        if (high - LOW < 1_000) {
            // An unusual ip_local_port_range leaves no room below it: let the kernel pick, as before.
            return kernelPicked();
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, high);
            if (!HANDED_OUT.contains(port) && isFreeEverywhere(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException(
                "No free port found between " + LOW + " and " + high + " in " + ATTEMPTS + " attempts");
    }

    /** True if nothing listens on {@code port} of 127.0.0.1 right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True if {@code port} can be bound on the wildcard address, i.e. no address of this host has it bound. */
    static boolean isFreeEverywhere(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** First port of the kernel's ephemeral range; 32768 where it cannot be read (not Linux). */
    static int ephemeralLow() {
        // Not Files.readString: on Java 17 it reads this sysctl file (size 0) short, "3" for "32768 60999".
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(r.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static int kernelPicked() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1)) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open a server socket", e);
            }
        }
        throw new IllegalStateException("No free port found in 100 attempts");
    }
}
