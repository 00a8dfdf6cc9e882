package io.redline.safehttp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small HTTP/1.1 GET and POST client that resolves each host once, checks every resolved address against the
 * {@link AddressPolicy} and then connects to exactly that address, for the first request and every redirect.
 *
 * <p>Why not the JDK {@code HttpClient}, Apache or Vert.x: the JDK client resolves names itself and cannot be
 * pinned to a checked address, so a DNS answer that changes between check and connect (rebinding) would get
 * through; the others can be made safe with custom resolvers, but a feed GET needs so little of HTTP (one
 * request per connection, {@code Connection: close}, chunked or sized bodies, gzip/deflate) that ~300 lines we
 * control, with a deadline enforced on every single read, are the smaller attack surface.
 */
public final class SafeHttpClient {

    /**
     * Settings of one client. {@code fetchTimeout} is the deadline of a whole GET (all redirects) or POST;
     * {@code maxBodyBytes} caps a GET body (more is an error), {@code maxReplyBytes} a POST reply (more is cut off).
     */
    public record Settings(
            String userAgent,
            Duration connectTimeout,
            Duration readTimeout,
            Duration fetchTimeout,
            long maxBodyBytes,
            int maxRedirects,
            AddressPolicy policy,
            int maxReplyBytes) {

        /** Settings with the default {@link #DEFAULT_MAX_REPLY_BYTES} reply cap. */
        public Settings(
                String userAgent,
                Duration connectTimeout,
                Duration readTimeout,
                Duration fetchTimeout,
                long maxBodyBytes,
                int maxRedirects,
                AddressPolicy policy) {
            this(
                    userAgent,
                    connectTimeout,
                    readTimeout,
                    fetchTimeout,
                    maxBodyBytes,
                    maxRedirects,
                    policy,
                    DEFAULT_MAX_REPLY_BYTES);
        }
    }

    /** A POST reply is only kept for logs: 64 KiB is plenty for an error message. */
    public static final int DEFAULT_MAX_REPLY_BYTES = 64 * 1024;

    /** Request headers the client writes itself; a caller setting them could desynchronise the message framing. */
    private static final Set<String> RESERVED_HEADERS = Set.of(
            "host",
            "content-length",
            "transfer-encoding",
            "connection",
            "content-type",
            "user-agent",
            "accept-encoding",
            "expect",
            "te",
            "upgrade",
            "trailer");

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final Settings settings;
    private final SSLSocketFactory tlsFactory;

    /** A client trusting the JDK's default trust store, as production does. */
    public SafeHttpClient(Settings settings) {
        this(settings, null);
    }

    /**
     * A client whose TLS sockets come from {@code tlsFactory} (null: the JDK default); package-private so only
     * tests can make it trust a certificate generated for a loopback server.
     */
    SafeHttpClient(Settings settings, SSLSocketFactory tlsFactory) {
        this.settings = settings;
        this.tlsFactory = tlsFactory;
    }

    /** GETs {@code url}, following at most {@code maxRedirects} redirects; {@code etag}/{@code lastModified} make it conditional. */
    public FetchResult get(String url, String etag, String lastModified) throws FetchException {
        long deadline = System.nanoTime() + settings.fetchTimeout().toNanos();
        URI uri = parse(url);
        for (int hop = 0; ; hop++) {
            Response response = exchange(uri, etag, lastModified, deadline);
            if (isRedirect(response.status) && response.headers.containsKey("location")) {
                if (hop >= settings.maxRedirects()) {
                    throw new FetchException(
                            FetchException.Kind.TOO_MANY_REDIRECTS,
                            "more than " + settings.maxRedirects() + " redirects (last to "
                                    + response.headers.get("location") + ")");
                }
                try {
                    uri = parse(
                            uri.resolve(response.headers.get("location").trim()).toString());
                } catch (IllegalArgumentException e) {
                    throw new FetchException(
                            FetchException.Kind.PROTOCOL, "bad redirect location: " + response.headers.get("location"));
                }
                continue;
            }
            return new FetchResult(
                    response.status,
                    response.body,
                    response.headers.get("content-type"),
                    response.headers.get("etag"),
                    response.headers.get("last-modified"),
                    response.headers.get("retry-after"),
                    uri.toString(),
                    response.headers.get("cache-control"),
                    response.headers.get("expires"));
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI parse(String url) throws FetchException {
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new FetchException(FetchException.Kind.PROTOCOL, "only http and https URLs are fetched: " + url);
            }
            if (uri.getHost() == null) {
                throw new FetchException(FetchException.Kind.PROTOCOL, "no host in URL: " + url);
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new FetchException(FetchException.Kind.PROTOCOL, "bad URL: " + url);
        }
    }

    /**
     * POSTs {@code body} to {@code url} once, under the same address checks, TLS rules and deadline as a GET, and
     * returns the reply whatever its status. The reply body is kept up to {@code maxReplyBytes} and cut off beyond.
     *
     * <p>Redirects are NOT followed: a 3xx comes back as the result. Re-sending a (typically signed) body to
     * wherever the receiver points would deliver it to an endpoint the subscriber never configured, and 301/302/303
     * would by convention even turn it into a GET; the caller reports the redirect so the URL gets fixed instead.
     *
     * @param headers     extra request headers; those the client writes itself (Host, Content-Length, ...) are refused
     * @param contentType the body's Content-Type
     * @throws IllegalArgumentException for a reserved or malformed header (a programming error, not a network one)
     */
    public PostResult post(String url, Map<String, String> headers, byte[] body, String contentType)
            throws FetchException {
        String head = postHeaders(headers, contentType, body.length);
        long deadline = System.nanoTime() + settings.fetchTimeout().toNanos();
        URI uri = parse(url);
        return exchange(uri, deadline, (s, host, port, https) -> {
            OutputStream out = s.getOutputStream();
            // Not bounded by the read deadline: a write only blocks once the socket buffers (hundreds of KiB) are
            // full, and webhook bodies are a few KiB.
            out.write(requestLine("POST", uri, host, port, https)
                    .append(head)
                    .toString()
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = readerOf(s, deadline);
            int status = readStatus(in);
            Map<String, String> replyHeaders = readHeaders(in);
            while (status >= 100 && status < 200) {
                // An interim 100 Continue (some servers send it unasked): the real answer follows.
                status = readStatus(in);
                replyHeaders = readHeaders(in);
            }
            Reply reply = status == 204 || status == 304 ? new Reply(new byte[0], false) : readReply(in, replyHeaders);
            return new PostResult(
                    status,
                    replyHeaders.get("content-type"),
                    replyHeaders.get("retry-after"),
                    replyHeaders.get("location"),
                    reply.bytes(),
                    reply.truncated());
        });
    }

    /** The header lines of a POST after the request line: ours first, then the caller's, checked. */
    private String postHeaders(Map<String, String> headers, String contentType, int length) {
        StringBuilder sb = new StringBuilder()
                .append("User-Agent: ")
                .append(settings.userAgent())
                .append("\r\n")
                .append("Content-Type: ")
                .append(checkedValue("Content-Type", contentType))
                .append("\r\n")
                .append("Content-Length: ")
                .append(length)
                .append("\r\n")
                // The reply is only logged: ask for it uncompressed rather than carry a decoder for it.
                .append("Accept-Encoding: identity\r\n")
                .append("Connection: close\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a header name: " + name);
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header " + name + " is set by the client itself");
            }
            sb.append(name)
                    .append(": ")
                    .append(checkedValue(name, h.getValue()))
                    .append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** A header value as is, or an exception: silently altering a signature header would break it. */
    private static String checkedValue(String name, String value) {
        if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0 || c > 0xff)) {
            throw new IllegalArgumentException("header " + name + " has a missing or unsafe value");
        }
        return value;
    }

    private record Reply(byte[] bytes, boolean truncated) {}

    /**
     * Reads at most {@code maxReplyBytes} of a reply body. A body that breaks off or times out after the status
     * arrived is returned as far as it came (truncated): the status is the receiver's answer, the body only a log line.
     */
    private Reply readReply(InputStream in, Map<String, String> headers) {
        int cap = settings.maxReplyBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[Math.min(16 * 1024, cap + 1)];
        try {
            InputStream body = bodyStream(in, headers);
            int n;
            while (out.size() <= cap
                    && (n = body.read(buffer, 0, Math.min(buffer.length, cap + 1 - out.size()))) != -1) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            byte[] partial = out.toByteArray();
            return new Reply(partial.length > cap ? Arrays.copyOf(partial, cap) : partial, true);
        }
        byte[] all = out.toByteArray();
        return all.length > cap ? new Reply(Arrays.copyOf(all, cap), true) : new Reply(all, false);
    }

    private record Response(int status, Map<String, String> headers, byte[] body) {}

    /** One request/response on a fresh connection to the checked address; {@code uri}'s host is resolved here. */
    private interface Conversation<T> {
        T talk(Socket socket, String host, int port, boolean https) throws IOException;
    }

    private Response exchange(URI uri, String etag, String lastModified, long deadline) throws FetchException {
        return exchange(uri, deadline, (s, host, port, https) -> {
            OutputStream out = s.getOutputStream();
            out.write(request(uri, host, port, https, etag, lastModified).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = readerOf(s, deadline);
            int status = readStatus(in);
            Map<String, String> headers = readHeaders(in);
            if (status == 204 || status >= 300) {
                // Bodies of redirects and errors are not read: nothing in them is used, and not reading them
                // keeps a hostile server from making us download anything.
                return new Response(status, headers, new byte[0]);
            }
            InputStream body = bodyStream(in, headers);
            return new Response(status, headers, readCapped(decoded(body, headers), settings.maxBodyBytes()));
        });
    }

    private InputStream readerOf(Socket s, long deadline) throws IOException {
        return new BufferedInputStream(
                new DeadlineInputStream(s, s.getInputStream(), deadline, settings.readTimeout()), 16 * 1024);
    }

    private <T> T exchange(URI uri, long deadline, Conversation<T> conversation) throws FetchException {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String host =
                IDN.toASCII(uri.getHost().replace("[", "").replace("]", "")).toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        List<InetAddress> addresses = resolveAndCheck(host);
        Socket socket = connect(addresses, port, deadline, host);
        try (socket) {
            Socket s = https ? tls(socket, host, port, deadline) : socket;
            return conversation.talk(s, host, port, https);
        } catch (FetchException e) {
            throw e;
        } catch (SSLException e) {
            throw new FetchException(FetchException.Kind.TLS, "TLS with " + host + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new FetchException(FetchException.Kind.IO, "reading from " + host + " failed: " + e, e);
        }
    }

    /** Resolves once; refuses the host when ANY of its addresses is refused, so round-robin answers cannot sneak one in. */
    private List<InetAddress> resolveAndCheck(String host) throws FetchException {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new FetchException(FetchException.Kind.DNS, "cannot resolve " + host);
        }
        for (InetAddress a : all) {
            settings.policy().check(host, a);
        }
        return List.of(all);
    }

    private Socket connect(List<InetAddress> addresses, int port, long deadline, String host) throws FetchException {
        IOException last = null;
        for (InetAddress address : addresses) {
            long remainingMs = remainingMillis(deadline);
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), (int)
                        Math.max(1, Math.min(settings.connectTimeout().toMillis(), remainingMs)));
                return socket;
            } catch (IOException e) {
                last = e;
                closeQuietly(socket);
            }
        }
        throw new FetchException(
                last instanceof SocketTimeoutException ? FetchException.Kind.TIMEOUT : FetchException.Kind.CONNECT,
                "cannot connect to " + host + ":" + port + ": " + last,
                last);
    }

    private Socket tls(Socket plain, String host, int port, long deadline) throws IOException {
        SSLSocketFactory factory = tlsFactory != null ? tlsFactory : (SSLSocketFactory) SSLSocketFactory.getDefault();
        SSLSocket ssl = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        // The certificate is checked against the URL's host name, not the address we pinned.
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout((int) Math.max(1, Math.min(settings.readTimeout().toMillis(), remainingMillis(deadline))));
        ssl.startHandshake();
        return ssl;
    }

    /** The request line and Host header. */
    private static StringBuilder requestLine(String method, URI uri, String host, int port, boolean https) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String hostHeader =
                (host.contains(":") ? "[" + host + "]" : host) + (port == (https ? 443 : 80) ? "" : ":" + port);
        return new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(hostHeader)
                .append("\r\n");
    }

    private String request(URI uri, String host, int port, boolean https, String etag, String lastModified) {
        StringBuilder sb = requestLine("GET", uri, host, port, https)
                .append("User-Agent: ")
                .append(settings.userAgent())
                .append("\r\n")
                .append(
                        "Accept: application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5\r\n")
                .append("Accept-Encoding: gzip, deflate\r\n")
                .append("Connection: close\r\n");
        if (etag != null) {
            sb.append("If-None-Match: ").append(clean(etag)).append("\r\n");
        }
        if (lastModified != null) {
            sb.append("If-Modified-Since: ").append(clean(lastModified)).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** Header values we echo back came from a server: no CR/LF may smuggle a header in. */
    private static String clean(String value) {
        return value.replaceAll("[\\r\\n]", "");
    }

    private static int readStatus(InputStream in) throws IOException {
        String line = readLine(in);
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new FetchException(FetchException.Kind.PROTOCOL, "not an HTTP/1.x response: " + abbreviate(line));
        }
        try {
            return Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new FetchException(FetchException.Kind.PROTOCOL, "bad status line: " + abbreviate(line));
        }
    }

    private static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new FetchException(
                        FetchException.Kind.PROTOCOL, "response headers larger than " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                // First value wins, except that repeated headers we read are all single-valued in practice.
                headers.putIfAbsent(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (line.size() >= 8192) {
                throw new FetchException(FetchException.Kind.PROTOCOL, "header line longer than 8192 bytes");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        if (c == -1 && line.size() == 0) {
            throw new FetchException(FetchException.Kind.PROTOCOL, "connection closed before the response ended");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static InputStream bodyStream(InputStream in, Map<String, String> headers) throws FetchException {
        String te = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (te.contains("chunked")) {
            return new ChunkedInputStream(in);
        }
        String length = headers.get("content-length");
        if (length != null) {
            try {
                return new BoundedInputStream(in, Long.parseLong(length.trim()));
            } catch (NumberFormatException e) {
                throw new FetchException(FetchException.Kind.PROTOCOL, "bad Content-Length: " + abbreviate(length));
            }
        }
        return in;
    }

    private static InputStream decoded(InputStream body, Map<String, String> headers) throws IOException {
        String encoding =
                headers.getOrDefault("content-encoding", "identity").trim().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "gzip", "x-gzip":
                return new GZIPInputStream(body, 8192);
            case "deflate":
                // "deflate" is meant to be zlib-wrapped but many servers send raw deflate: look at the first byte.
                PushbackInputStream p = new PushbackInputStream(body, 1);
                int first = p.read();
                if (first == -1) {
                    return InputStream.nullInputStream();
                }
                p.unread(first);
                return new InflaterInputStream(p, new Inflater((first & 0x0f) != 8), 8192);
            case "identity", "":
                return body;
            default:
                throw new FetchException(
                        FetchException.Kind.PROTOCOL, "unsupported Content-Encoding: " + abbreviate(encoding));
        }
    }

    /** Reads at most {@code cap} bytes (after decompression), failing on more: a gzip bomb stops at the cap. */
    static byte[] readCapped(InputStream in, long cap) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > cap) {
                throw new FetchException(
                        FetchException.Kind.TOO_LARGE, "body larger than " + cap + " bytes (after decompression)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static long remainingMillis(long deadline) throws FetchException {
        long remaining = (deadline - System.nanoTime()) / 1_000_000;
        if (remaining <= 0) {
            throw new FetchException(FetchException.Kind.TIMEOUT, "fetch deadline exceeded");
        }
        return remaining;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket that failed to connect
        }
    }

    /**
     * Bounds every blocking read by the socket timeout set to what is left of the fetch deadline: a read never
     * blocks past the deadline, and a server dripping one byte at a time is cut off when the deadline passes.
     */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;
        private final Duration readTimeout;

        DeadlineInputStream(Socket socket, InputStream in, long deadline, Duration readTimeout) {
            this.socket = socket;
            this.in = in;
            this.deadline = deadline;
            this.readTimeout = readTimeout;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long remaining = remainingMillis(deadline);
            socket.setSoTimeout((int) Math.max(1, Math.min(readTimeout.toMillis(), remaining)));
            try {
                int n = in.read(b, off, len);
                remainingMillis(deadline);
                return n;
            } catch (SocketTimeoutException e) {
                remainingMillis(deadline);
                throw new FetchException(FetchException.Kind.TIMEOUT, "no data for " + readTimeout.toMillis() + " ms");
            }
        }
    }

    /** Reads exactly {@code length} bytes, then reports end of stream. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n == -1) {
                throw new FetchException(
                        FetchException.Kind.PROTOCOL, "connection closed " + left + " bytes before Content-Length");
            }
            left -= n;
            return n;
        }
    }

    /** Decodes {@code Transfer-Encoding: chunked}. */
    private static final class ChunkedInputStream extends InputStream {
        private final InputStream in;
        private long chunkLeft;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                chunkLeft = readChunkSize();
                if (chunkLeft == -1) {
                    chunkLeft = readChunkSize(); // that blank line was the CRLF closing the previous chunk
                }
                if (chunkLeft == -1) {
                    throw new FetchException(FetchException.Kind.PROTOCOL, "bad chunk size: blank line");
                }
                if (chunkLeft == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n == -1) {
                throw new EOFException("connection closed inside a chunk");
            }
            chunkLeft -= n;
            return n;
        }

        /**
         * Reads a chunk-size line ({@code 1a} or {@code 1a;name=value}) and returns the size, or -1 for a blank line.
         * Parsed byte by byte without building a String: with one-byte chunks a String per line cost about 180
         * bytes of garbage per body byte. Only hex digits are accepted, so a sign cannot make the size negative.
         */
        private long readChunkSize() throws IOException {
            long size = 0;
            int digits = 0;
            int length = 0;
            boolean sizeEnded = false;
            boolean inExtension = false;
            int c;
            while ((c = in.read()) != '\n') {
                if (c == -1) {
                    throw new FetchException(
                            FetchException.Kind.PROTOCOL, "connection closed before the response ended");
                }
                if (++length > 8192) {
                    throw new FetchException(FetchException.Kind.PROTOCOL, "chunk-size line longer than 8192 bytes");
                }
                if (inExtension || c == '\r') {
                    continue; // chunk extensions are ignored
                }
                if (c == ';') {
                    inExtension = true;
                } else if (c == ' ' || c == '\t') {
                    sizeEnded = digits > 0;
                } else {
                    int digit = hexDigit(c);
                    if (digit < 0 || sizeEnded || digits == 15) { // 15 hex digits keep the long positive
                        throw new FetchException(FetchException.Kind.PROTOCOL, "bad chunk size");
                    }
                    size = size << 4 | digit;
                    digits++;
                }
            }
            if (digits == 0) {
                if (inExtension) {
                    throw new FetchException(FetchException.Kind.PROTOCOL, "bad chunk size: none before ';'");
                }
                return -1;
            }
            return size;
        }

        private static int hexDigit(int c) {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F') {
                return c - 'A' + 10;
            }
            return -1;
        }
    }
}
