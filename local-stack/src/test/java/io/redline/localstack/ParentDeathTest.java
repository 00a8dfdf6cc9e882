package io.redline.localstack;

import static io.redline.localstack.ProcessAssertions.anythingAlive;
import static io.redline.localstack.ProcessAssertions.assertRunsAsGroupLeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A broker does not outlive the JVM that started it, even when that JVM is SIGKILLed (no shutdown hook runs). */
class ParentDeathTest {

    private static final String PID_LINE = "BROKER_PID=";

    @Test
    void brokerDiesWithTheJvmThatStartedIt() throws Exception {
        Path dataDir = StackDirs.newRunDir("parent-death-test");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process parent = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath,
                        BrokerStarter.class.getName(),
                        dataDir.toString())
                .redirectErrorStream(true)
                .start();
        long brokerPid = -1;
        try {
            CompletableFuture<Long> pid = CompletableFuture.supplyAsync(() -> readBrokerPid(parent));
            brokerPid = pid.get(120, TimeUnit.SECONDS);
            assertRunsAsGroupLeader(brokerPid);

            parent.destroyForcibly(); // SIGKILL
            assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();

            long broker = brokerPid;
            await("broker process group gone after its parent JVM was SIGKILLed")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !anythingAlive(broker));
        } finally {
            parent.destroyForcibly();
            if (brokerPid > 0 && anythingAlive(brokerPid)) {
                // The test failed: do not leave the broker behind ourselves.
                new ProcessBuilder("sh", "-c", "kill -s KILL -- -" + brokerPid)
                        .start()
                        .waitFor(10, TimeUnit.SECONDS);
            }
            StackDirs.deleteRecursively(dataDir);
        }
    }

    /** The broker's pid, as printed by {@link BrokerStarter}; everything else it prints is echoed for diagnosis. */
    private static long readBrokerPid(Process parent) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(PID_LINE)) {
                    return Long.parseLong(line.substring(PID_LINE.length()).trim());
                }
                System.out.println("[parent JVM] " + line);
            }
            throw new IllegalStateException("The parent JVM exited without starting a broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Main class of the parent JVM: starts a broker, says its pid, then waits to be killed. */
    public static final class BrokerStarter {
        public static void main(String[] args) throws InterruptedException {
            KafkaBroker broker = KafkaBroker.onFreePorts(Path.of(args[0])).javaOpts(LocalStack.KAFKA_JAVA_OPTS);
            broker.start().awaitReady(Duration.ofSeconds(90));
            System.out.println(PID_LINE + broker.pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
