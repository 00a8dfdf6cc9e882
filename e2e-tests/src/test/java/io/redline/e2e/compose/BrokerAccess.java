package io.redline.e2e.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Kafka command-line clients run inside a compose project's broker container, as one of the services (its SCRAM
 * user), as the admin, or with no credentials: what an attacker on the compose network could do with each.
 */
final class BrokerAccess {

    /** The SCRAM users of the compose files, one per service, each with its password variable in the env file. */
    static final List<String> SERVICE_USERS = List.of("ingest", "analysis", "search", "alert");

    private final Compose compose;
    private final String container;
    private final String bootstrap;
    private final Map<String, String> passwords;

    private BrokerAccess(Compose compose, String service, String bootstrap, Map<String, String> passwords) {
        this.compose = compose;
        this.container = compose.container(service);
        this.bootstrap = bootstrap;
        this.passwords = passwords;
    }

    /** Fresh random passwords for the admin and every service user, as the env file's variables. */
    static Map<String, String> newPasswords() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(variable("admin"), random());
        for (String user : SERVICE_USERS) {
            env.put(variable(user), random());
        }
        return env;
    }

    /** The env-file variable holding {@code user}'s password, e.g. REDLINE_KAFKA_INGEST_PASSWORD. */
    static String variable(String user) {
        return "REDLINE_KAFKA_" + user.toUpperCase() + "_PASSWORD";
    }

    /** Clients run in {@code service}'s container (a broker), bootstrapping at {@code bootstrap}. */
    static BrokerAccess in(Compose compose, String service, String bootstrap, Map<String, String> envPasswords) {
        return new BrokerAccess(compose, service, bootstrap, envPasswords);
    }

    /**
     * Checks the broker's doors: without credentials nothing can be written, with ingest-service's credentials
     * {@code redline.api-keys} is refused (it could mint an admin key) while the raw topic, ingest's own output, is
     * accepted; the api-keys topic holds as many records after all attempts as before.
     */
    void assertIngestCannotMintKeys() {
        Compose.Result anonymous = produce("redline.api-keys", null, null);
        assertThat(anonymous.output())
                .as("a client without credentials writing redline.api-keys must be refused (exit %d)", anonymous.exit())
                .containsAnyOf("TimeoutException", "SaslAuthenticationException", "not present in metadata");

        long keysBefore = endOffset("redline.api-keys");
        Compose.Result wrongPassword =
                produce("redline.api-keys", "ingest", "not-" + passwords.get(variable("ingest")));
        assertThat(wrongPassword.output())
                .as("ingest with a wrong password must fail authentication (exit %d)", wrongPassword.exit())
                .contains("SaslAuthenticationException");

        Compose.Result ingestKeys = produce("redline.api-keys", "ingest", passwords.get(variable("ingest")));
        assertThat(ingestKeys.output())
                .as("ingest's credentials writing redline.api-keys must be refused (exit %d)", ingestKeys.exit())
                .contains("TopicAuthorizationException");
        assertThat(endOffset("redline.api-keys"))
                .as("records in redline.api-keys after the refused writes")
                .isEqualTo(keysBefore);

        long rawBefore = endOffset("redline.articles.raw");
        Compose.Result ingestRaw = produce("redline.articles.raw", "ingest", passwords.get(variable("ingest")));
        assertThat(ingestRaw.output())
                .as("ingest's credentials writing redline.articles.raw (exit %d)", ingestRaw.exit())
                .doesNotContain("Exception");
        // The running ingest-service may publish articles meanwhile: the topic grew, by this write at least.
        assertThat(endOffset("redline.articles.raw"))
                .as("records in redline.articles.raw after ingest's write")
                .isGreaterThan(rawBefore);
    }

    /** One keyed record sent with the console producer as {@code user} (no credentials when null); its output. */
    Compose.Result produce(String topic, String user, String password) {
        String script = config(user == null ? null : "SCRAM-SHA-512")
                + "echo \"acl-check-$(date +%s%N)|{}\" | KAFKA_HEAP_OPTS=-Xmx128m /opt/kafka/bin/kafka-console-producer.sh"
                + " --bootstrap-server \"$RL_BOOTSTRAP\" --topic \"$RL_TOPIC\" --producer.config \"$cfg\""
                + " --property parse.key=true --property 'key.separator=|' --request-required-acks all"
                + " --producer-property max.block.ms=15000 --producer-property delivery.timeout.ms=20000"
                + " --producer-property request.timeout.ms=10000 2>&1; rm -f \"$cfg\"";
        return exec(script, topic, user, password);
    }

    /** A tool of the Kafka image ({@code kafka-topics.sh} ...) run with the admin's credentials and these arguments. */
    Compose.Result adminTool(String tool, String... args) {
        StringBuilder script = new StringBuilder(config("PLAIN"))
                .append("KAFKA_HEAP_OPTS=-Xmx128m /opt/kafka/bin/")
                .append(tool)
                .append(" --bootstrap-server \"$RL_BOOTSTRAP\" --command-config \"$cfg\"");
        for (String arg : args) {
            script.append(" '").append(arg.replace("'", "'\\''")).append("'");
        }
        script.append("; status=$?; rm -f \"$cfg\"; exit $status");
        return exec(script.toString(), "", "admin", passwords.get(variable("admin")));
    }

    /** The sum of the end offsets of {@code topic}'s partitions, read with the admin's credentials. */
    long endOffset(String topic) {
        String script = config("PLAIN")
                + "KAFKA_HEAP_OPTS=-Xmx128m /opt/kafka/bin/kafka-get-offsets.sh --bootstrap-server \"$RL_BOOTSTRAP\""
                + " --topic \"$RL_TOPIC\" --command-config \"$cfg\"; status=$?; rm -f \"$cfg\"; exit $status";
        Compose.Result r = exec(script, topic, "admin", passwords.get(variable("admin")));
        assertThat(r.exit())
                .as("kafka-get-offsets.sh as admin for %s:%n%s", topic, r.output())
                .isZero();
        long sum = 0;
        for (String line : r.output().lines().toList()) {
            String[] parts = line.strip().split(":");
            if (parts.length == 3 && parts[0].equals(topic)) {
                sum += Long.parseLong(parts[2]);
            }
        }
        return sum;
    }

    /** Shell lines writing a client config file "$cfg" for {@code mechanism} (PLAINTEXT when null). */
    private static String config(String mechanism) {
        String cfg = "cfg=/tmp/acl-check-" + UUID.randomUUID() + ".properties; : > \"$cfg\"; ";
        if (mechanism == null) {
            return cfg;
        }
        String module = mechanism.equals("PLAIN")
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return cfg + "printf '%s\\n' security.protocol=SASL_PLAINTEXT sasl.mechanism=" + mechanism
                + " \"sasl.jaas.config=" + module
                + " required username=\\\"$RL_USER\\\" password=\\\"$RL_PASSWORD\\\";\" > \"$cfg\"; ";
    }

    private Compose.Result exec(String script, String topic, String user, String password) {
        List<String> command = new ArrayList<>(List.of("docker", "exec"));
        command.addAll(List.of("-e", "RL_BOOTSTRAP=" + bootstrap, "-e", "RL_TOPIC=" + topic));
        if (user != null) {
            command.addAll(List.of("-e", "RL_USER=" + user, "-e", "RL_PASSWORD=" + password));
        }
        command.addAll(List.of(container, "bash", "-c", script));
        return Compose.execute(ContainerChecks.root(), Duration.ofMinutes(2), command);
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "")
                + UUID.randomUUID().toString().replace("-", "");
    }
}
