package io.redline.safehttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback server that answers every request with raw bytes from a {@link ResponseWriter}, for responses the
 * JDK's HTTP server would not send (one-byte or negative chunks, endless headers); one connection at a time.
 */
public final class RawServer implements AutoCloseable {

    /** Writes a whole response, status line included. */
    public interface ResponseWriter {
        void write(OutputStream out) throws IOException;
    }

    private final ServerSocket socket;

    public RawServer(ResponseWriter writer) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(
                () -> {
                    while (!socket.isClosed()) {
                        try (Socket s = socket.accept()) {
                            readRequestHead(s.getInputStream());
                            writer.write(s.getOutputStream());
                        } catch (IOException e) {
                            // the client hung up (cap reached, refused) or the server closed: the behaviour under test
                        }
                    }
                },
                "raw-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers every request with {@code response}, sent as is. */
    public static RawServer answering(byte[] response) throws IOException {
        return new RawServer(out -> out.write(response));
    }

    private static void readRequestHead(InputStream in) throws IOException {
        byte[] end = {'\r', '\n', '\r', '\n'};
        int matched = 0;
        int c;
        while (matched < 4 && (c = in.read()) != -1) {
            matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
        }
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
