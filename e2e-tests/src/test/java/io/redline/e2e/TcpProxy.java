package io.redline.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy to one port that can freeze traffic (connections stay open, bytes stop), throttle it (a
 * bandwidth cap and an added delay), withhold the answers to chosen requests and drop every open connection, to put
 * network faults between a service and what it talks to.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile boolean frozen;
    /** Bytes per second each direction of each connection may carry; 0 while not throttled. */
    private volatile long bytesPerSecond;
    /** Added before each chunk is forwarded while throttled, as a long or congested link would. */
    private volatile long delayNanos;

    private final AtomicLong throttledBytes = new AtomicLong();
    /** While set, a connection that sends a chunk containing this text gets no more bytes back. */
    private volatile String holdMarker;

    private final AtomicLong heldRequests = new AtomicLong();

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT} of the proxy. */
    String hostAndPort() {
        return "127.0.0.1:" + port();
    }

    /** From now on no byte is forwarded either way; connections stay open and new ones are accepted. */
    void freeze() {
        frozen = true;
    }

    /** Forwards again, including whatever was held while frozen. */
    void thaw() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    /**
     * From now on each direction of each connection carries at most {@code bytesPerSecond} (paced in slices of a
     * tenth of a second's worth) and each chunk read is held {@code delay} before it is forwarded; open connections
     * are throttled too.
     */
    void throttle(long bytesPerSecond, Duration delay) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive: " + bytesPerSecond);
        }
        this.delayNanos = delay.toNanos();
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Forwards at full speed again. */
    void unthrottle() {
        bytesPerSecond = 0;
        delayNanos = 0;
    }

    /** Bytes forwarded (both directions) while throttled, since this proxy started. */
    long throttledBytes() {
        return throttledBytes.get();
    }

    /**
     * From now on a connection whose client sends a chunk containing {@code marker} (such as {@code "/_bulk"} in an
     * HTTP request line) still carries that request to the target, but nothing the target answers goes back: the
     * request is applied, the client waits for the answer. Only that connection is held; others flow.
     */
    void holdResponsesAfter(String marker) {
        holdMarker = marker;
    }

    /** Requests whose answers have been held since this proxy started. */
    long heldRequests() {
        return heldRequests.get();
    }

    /** Holds nothing more; held answers are forwarded (to whoever is still there to read them). */
    void releaseHeld() {
        synchronized (gate) {
            holdMarker = null;
            gate.notifyAll();
        }
    }

    /** Closes every open connection on both sides, as a reset link would; new connections work as before. */
    int dropConnections() {
        int dropped = 0;
        for (Socket s : open) {
            closeQuietly(s);
            open.remove(s);
            dropped++;
        }
        return dropped / 2;
    }

    @Override
    public void close() {
        closeQuietly(server);
        thaw();
        releaseHeld();
        dropConnections();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
            } catch (IOException e) {
                // Nothing listening behind us: the client sees its connection closed, as close to refused as we get.
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            Held held = new Held();
            pump(client, upstream, held, true);
            pump(upstream, client, held, false);
        }
    }

    /** Whether the answers on one connection are being withheld. */
    private static final class Held {
        volatile boolean held;
    }

    /**
     * Copies one direction until either side closes, holding each chunk while frozen; {@code request} is the client
     * to target direction, where a held request is spotted.
     */
    private void pump(Socket from, Socket to, Held held, boolean request) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            awaitThawed();
                            String marker = holdMarker;
                            if (request
                                    && marker != null
                                    && !held.held
                                    && new String(buffer, 0, n, StandardCharsets.ISO_8859_1).contains(marker)) {
                                held.held = true;
                                heldRequests.incrementAndGet();
                            }
                            if (!request) {
                                awaitReleased(held);
                            }
                            forward(buffer, n, out);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the connection ended; close both sides below
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Writes {@code n} bytes, at the throttled pace while a throttle is on. */
    private void forward(byte[] buffer, int n, OutputStream out) throws IOException, InterruptedException {
        long rate = bytesPerSecond;
        if (rate == 0) {
            out.write(buffer, 0, n);
            out.flush();
            return;
        }
        TimeUnit.NANOSECONDS.sleep(delayNanos);
        // Small slices with a pause before each keep the pace even, rather than one long pause per 16 KiB chunk.
        int slice = (int) Math.max(1, Math.min(n, rate / 10));
        for (int off = 0; off < n; off += slice) {
            int len = Math.min(slice, n - off);
            TimeUnit.NANOSECONDS.sleep(TimeUnit.SECONDS.toNanos(len) / rate);
            out.write(buffer, off, len);
            out.flush();
            throttledBytes.addAndGet(len);
        }
    }

    private void awaitThawed() throws InterruptedException {
        synchronized (gate) {
            while (frozen) {
                gate.wait();
            }
        }
    }

    private void awaitReleased(Held held) throws InterruptedException {
        synchronized (gate) {
            while (held.held && holdMarker != null) {
                gate.wait();
            }
            held.held = false;
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
