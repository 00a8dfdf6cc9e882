package io.redline.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what the JDK's client will not send: connection headers, raw paths with dot
 * segments and encoded slashes, chunked bodies of a chosen size, Expect: 100-continue.
 */
public final class RawHttp {

    /** An answer: status, headers (names lower-cased, last value wins) and body. */
    public record Answer(int status, Map<String, String> headers, String body, boolean sawContinue) {}

    private RawHttp() {}

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}, reads one answer. */
    public static Answer send(int port, String head, byte[] body) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(socket.getInputStream(), false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code head} with {@code Expect: 100-continue}, waits for the 100, then sends {@code body}. */
    public static Answer sendExpectingContinue(int port, String head, byte[] body) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = line(in);
            if (!status.startsWith("HTTP/1.1 100")) {
                throw new IllegalStateException("expected 100 Continue, got " + status);
            }
            line(in); // the blank line after the interim answer
            out.write(body);
            out.flush();
            return read(in, true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code size} bytes as chunks of 64 KiB, then the last chunk. */
    public static byte[] chunked(int size) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int left = size;
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        while (left > 0) {
            int n = Math.min(left, chunk.length);
            b.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            b.write(chunk, 0, n);
            b.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            left -= n;
        }
        b.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }

    private static Answer read(InputStream in, boolean sawContinue) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(
                    h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int n = Integer.parseInt(line(in).trim(), 16); n > 0; n = Integer.parseInt(line(in).trim(), 16)) {
                body.write(in.readNBytes(n));
                line(in);
            }
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8), sawContinue);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed after: " + b);
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
