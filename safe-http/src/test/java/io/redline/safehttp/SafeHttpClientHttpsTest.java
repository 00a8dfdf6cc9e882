package io.redline.safehttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a real TLS loopback server with certificates made at test time: trust, host names, redirects. */
class SafeHttpClientHttpsTest {

    private static final String RSS = "<rss version=\"2.0\"><channel><title>t</title></channel></rss>";
    private static final long MIB = 1024 * 1024;
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1");

    /** Certificate for localhost and 127.0.0.1. */
    private static KeyStore localhost;
    /** Certificate for another host only: trusted, but not valid for localhost. */
    private static KeyStore otherHost;
    /** Trusts both certificates above and nothing else. */
    private static SSLSocketFactory trustingBoth;

    private LoopbackServer server;
    private final LoopbackServer plain = new LoopbackServer();

    @BeforeAll
    static void makeCertificates(@TempDir Path dir) throws Exception {
        // Both keytools run at once: each is a JVM start, slow on a busy machine.
        Process forLocalhost = keytool(dir, "localhost", "CN=localhost", "dns:localhost,ip:127.0.0.1");
        Process forOther = keytool(dir, "other", "CN=feeds.other.example", "dns:feeds.other.example");
        localhost = load(dir, "localhost", forLocalhost);
        otherHost = load(dir, "other", forOther);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("localhost", localhost.getCertificate("localhost"));
        trust.setCertificateEntry("other", otherHost.getCertificate("other"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        trustingBoth = context.getSocketFactory();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        plain.close();
    }

    /** Starts the JDK's own keytool making a self-signed EC key pair, so no key material is checked in. */
    private static Process keytool(Path dir, String alias, String dname, String san) throws Exception {
        return new ProcessBuilder(
                        System.getProperty("java.home") + "/bin/keytool",
                        "-genkeypair",
                        "-alias",
                        alias,
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        dname,
                        "-ext",
                        "san=" + san,
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        dir.resolve(alias + ".p12").toString(),
                        "-storepass",
                        new String(PASSWORD),
                        "-keypass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
    }

    /** Waits for {@code keytool} and loads the key store it wrote. */
    private static KeyStore load(Path dir, String alias, Process keytool) throws Exception {
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(alias + ".p12"))) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    /** An HTTPS loopback server presenting {@code identity}. */
    private LoopbackServer httpsServer(KeyStore identity) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        server = LoopbackServer.https(context);
        return server;
    }

    private static SafeHttpClient client(List<String> allow) {
        return new SafeHttpClient(settings(allow, 10 * MIB), trustingBoth);
    }

    private static SafeHttpClient.Settings settings(List<String> allow, long cap) {
        return new SafeHttpClient.Settings(
                "Redline-test/1",
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                cap,
                5,
                new AddressPolicy(allow));
    }

    private static FetchException.Kind kindOf(Throwable e) {
        return ((FetchException) e).kind();
    }

    private String localhostUrl(String path) {
        return "https://localhost:" + server.port() + path;
    }

    @Test
    void fetchesAFeedOverHttpsSendingTheHostAsSni() throws Exception {
        httpsServer(localhost).text("/feed", "application/rss+xml", RSS);
        FetchResult r = client(LOOPBACK).get(localhostUrl("/feed"), null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(RSS);
        assertThat(r.finalUrl()).isEqualTo(localhostUrl("/feed"));
        assertThat(server.sniNames()).containsExactly("localhost");
    }

    @Test
    void checksAnIpLiteralAgainstTheCertificatesIpNameAndSendsNoSni() throws Exception {
        // SNI may only carry DNS names (RFC 6066), so none is sent; the certificate must name the IP itself.
        httpsServer(localhost).text("/feed", "application/rss+xml", RSS);
        FetchResult r = client(LOOPBACK).get("https://127.0.0.1:" + server.port() + "/feed", null, null);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(RSS);
        assertThat(server.sniNames()).isEmpty();
    }

    @Test
    void refusesATrustedCertificateIssuedForAnotherHost() throws Exception {
        httpsServer(otherHost).text("/feed", "application/rss+xml", RSS);
        assertThatThrownBy(() -> client(LOOPBACK).get(localhostUrl("/feed"), null, null))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("TLS with localhost failed")
                .hasMessageContaining("subject alternative DNS name matching localhost")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.TLS));
        assertThat(server.hits("/feed")).isZero();
    }

    @Test
    void refusesACertificateTheJdkTrustStoreDoesNotKnowByDefault() throws Exception {
        // The public constructor (production wiring) trusts only the JDK's CAs, not a self-signed test certificate.
        httpsServer(localhost).text("/feed", "application/rss+xml", RSS);
        SafeHttpClient production = new SafeHttpClient(settings(LOOPBACK, MIB));
        assertThatThrownBy(() -> production.get(localhostUrl("/feed"), null, null))
                .hasMessageContaining("PKIX path building failed")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.TLS));
        assertThat(server.hits("/feed")).isZero();
    }

    @Test
    void followsAnHttpsToHttpRedirectOnlyThroughTheAddressCheck() throws Exception {
        plain.text("/next", "text/xml", RSS);
        String next = "http://127.0.0.1:" + plain.port() + "/next";
        httpsServer(localhost).redirect("/feed", 302, next);

        // Loopback allowed by CIDR: the downgraded hop is checked, passes, and its body is returned.
        FetchResult r = client(LOOPBACK).get(localhostUrl("/feed"), null, null);
        assertThat(r.finalUrl()).isEqualTo(next);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(RSS);
        assertThat(plain.hits("/next")).isEqualTo(1);

        // Only the host name "localhost" allowed: the hop to 127.0.0.1 by address is refused before connecting.
        assertThatThrownBy(() -> client(List.of("localhost")).get(localhostUrl("/feed"), null, null))
                .hasMessageContaining("127.0.0.1")
                .hasMessageContaining("loopback")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.BLOCKED_ADDRESS));
        assertThat(plain.hits("/next")).isEqualTo(1);
    }

    @Test
    void refusesAnHttpsRedirectToAPrivateAddress() throws Exception {
        httpsServer(localhost).redirect("/feed", 302, "https://10.0.0.1/internal");
        server.redirect("/v6", 307, "https://[fd00::1]:8443/admin");
        SafeHttpClient client = client(LOOPBACK);
        assertThatThrownBy(() -> client.get(localhostUrl("/feed"), null, null))
                .hasMessageContaining("10.0.0.1")
                .hasMessageContaining("private")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.BLOCKED_ADDRESS));
        assertThatThrownBy(() -> client.get(localhostUrl("/v6"), null, null))
                .hasMessageContaining("unique-local")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.BLOCKED_ADDRESS));
    }

    @Test
    void decodesGzipOverTlsAndCutsOffAGzipBombAtTheCap() throws Exception {
        byte[] feed = SafeHttpClientTest.gzip(RSS.getBytes(StandardCharsets.UTF_8));
        byte[] bomb = SafeHttpClientTest.gzip(new byte[(int) (20 * MIB)]);
        httpsServer(localhost)
                .on("/gz", ex -> {
                    ex.getResponseHeaders().set("Content-Encoding", "gzip");
                    LoopbackServer.send(ex, 200, "application/rss+xml", feed);
                })
                .on("/bomb", ex -> {
                    ex.getResponseHeaders().set("Content-Encoding", "gzip");
                    LoopbackServer.send(ex, 200, "application/rss+xml", bomb);
                });
        SafeHttpClient client = new SafeHttpClient(settings(LOOPBACK, MIB), trustingBoth);
        assertThat(new String(client.get(localhostUrl("/gz"), null, null).body(), StandardCharsets.UTF_8))
                .isEqualTo(RSS);
        assertThatThrownBy(() -> client.get(localhostUrl("/bomb"), null, null))
                .hasMessageContaining("larger than 1048576")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.TOO_LARGE));
    }
}
