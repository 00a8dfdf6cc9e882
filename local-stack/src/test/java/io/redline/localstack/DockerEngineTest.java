package io.redline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine ping says what is wrong, on one line, without Testcontainers; it needs no Docker engine itself. */
class DockerEngineTest {

    @TempDir
    Path dir;

    @Test
    void aMissingSocketIsNamed() {
        assertThat(DockerEngine.ping("unix://" + dir.resolve("docker.sock"))).isEqualTo("no such socket");
    }

    @Test
    void aClosedPortIsRefused() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertThat(DockerEngine.ping("tcp://127.0.0.1:" + port)).containsIgnoringCase("refused");
    }

    @Test
    void somethingThatIsNotAnEngineIsTold() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket s = server.accept();
                        InputStream in = s.getInputStream()) {
                    in.read(new byte[256]);
                    s.getOutputStream().write("HTTP/1.0 404 Not Found\r\n\r\nnope".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test fails on the answer instead
                }
            });
            answer.start();
            assertThat(DockerEngine.ping("tcp://127.0.0.1:" + server.getLocalPort()))
                    .isEqualTo("/_ping answered 404");
            answer.join(5000);
        }
    }

    @Test
    void errorsBecomeOneLine() {
        assertThat(DockerEngine.oneLine(" a\n  b\r\nc ")).isEqualTo("a b c");
    }
}
