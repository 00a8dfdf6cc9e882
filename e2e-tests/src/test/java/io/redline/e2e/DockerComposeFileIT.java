package io.redline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Static checks of the production docker-compose.yml (no Docker needed): the whole stack is declared, each
 * service image builds from its Dockerfile.jvm, every container has a healthcheck, services wait for healthy
 * dependencies, every host property a service reads (from its application.properties) is set through its
 * environment variable, each gets the bootstrap admin key from one required variable, and the published ports
 * are the ones of README.md's "## Ports" table, and the alert settings (mail, webhooks, links) go to alert-service
 * alone. The cluster file deploy/docker-compose.cluster.yml is checked too: one Kafka controller quorum of three nodes,
 * three Elasticsearch nodes that find each other, and two instances of each service that name every broker and node,
 * with replicated topics and indices. The newsroom console (the URL staff open) is checked in both files: built like the
 * services, healthy on its readiness endpoint, published on README.md's port, forwarding to every service by a name
 * the file declares, holding no secret and waiting for no service.
 */
class DockerComposeFileIT {

    static final List<String> APP_SERVICES =
            List.of("ingest-service", "analysis-service", "search-service", "alert-service");
    /** The services that read and write Elasticsearch. */
    static final Set<String> ELASTICSEARCH_CLIENTS = Set.of("search-service", "alert-service");

    static final String KAFKA_KEY = "kafka.bootstrap.servers";
    static final String ELASTICSEARCH_KEY = "quarkus.elasticsearch.hosts";
    /** The properties naming hosts of other containers: each must be set from the compose environment. */
    static final List<String> HOST_KEYS = List.of(KAFKA_KEY, ELASTICSEARCH_KEY);

    static final int QUARKUS_DEFAULT_HTTP_PORT = 8080;

    /** The newsroom console's compose service, and the Maven module its image is built from. */
    static final String CONSOLE = "console";

    static final String CONSOLE_MODULE = "console-service";

    static Path root;
    static Map<String, Object> compose;
    static Map<String, Object> services;

    @BeforeAll
    static void loadComposeFile() throws IOException {
        // Failsafe passes the project root; under Surefire (or an IDE) the working directory is e2e-tests/.
        String configured = System.getProperty("redline.root");
        root = (configured == null || configured.isBlank() ? Path.of("..") : Path.of(configured))
                .toAbsolutePath()
                .normalize();
        Path file = root.resolve("docker-compose.yml");
        assertThat(file).as("docker-compose.yml at the project root %s", root).isRegularFile();
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(withDefaults(file));
        compose = asMap(loaded, "docker-compose.yml");
        services = asMap(compose.get("services"), "docker-compose.yml: services");
    }

    // ---------------------------------------------------------------------------------------------------------
    // The stack

    @Test
    void declaresTheWholeStack() {
        assertThat(services)
                .as("services of docker-compose.yml")
                .containsKeys(
                        "kafka",
                        "elasticsearch",
                        "ingest-service",
                        "analysis-service",
                        "search-service",
                        "alert-service",
                        CONSOLE);
    }

    @Test
    void kafkaIsTheReleasedBrokerWithTopicAutoCreationOff() throws IOException {
        Map<String, Object> kafka = service("kafka");
        String version = pomProperty("kafka.version");
        assertThat(kafka.get("image"))
                .as("kafka image (same version as the build's kafka.version)")
                .isEqualTo("apache/kafka:" + version);
        Map<String, String> env = environment("kafka");
        assertThat(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))
                .as("kafka: KAFKA_AUTO_CREATE_TOPICS_ENABLE (the services create their topics)")
                .isEqualTo("false");
        assertThat(env.get("KAFKA_PROCESS_ROLES"))
                .as("kafka: KAFKA_PROCESS_ROLES (KRaft, combined node)")
                .contains("broker")
                .contains("controller");
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS"))
                .as("kafka: KAFKA_ADVERTISED_LISTENERS")
                .contains("kafka:9092");
        assertThat(env)
                .as("kafka environment")
                .containsKeys(
                        "KAFKA_NODE_ID",
                        "CLUSTER_ID",
                        "KAFKA_CONTROLLER_QUORUM_VOTERS",
                        "KAFKA_CONTROLLER_LISTENER_NAMES");
    }

    @Test
    void elasticsearchIsTheReleasedServerOnLoopbackOnly() throws IOException {
        Map<String, Object> elasticsearch = service("elasticsearch");
        String version = pomProperty("elasticsearch.server.version");
        assertThat(elasticsearch.get("image"))
                .as("elasticsearch image (same version as elasticsearch.server.version)")
                .isEqualTo("docker.elastic.co/elasticsearch/elasticsearch:" + version);
        for (PortMapping port : ports("elasticsearch")) {
            assertThat(port.hostIp())
                    .as("elasticsearch publishes %s: only the host's loopback is allowed", port.raw())
                    .isEqualTo("127.0.0.1");
        }
        assertThat(environment("elasticsearch")).as("elasticsearch environment").containsKey("ES_JAVA_OPTS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka", "elasticsearch"})
    void statefulContainersKeepTheirDataInNamedVolumes(String name) {
        Map<String, Object> declared = compose.get("volumes") == null
                ? Map.of()
                : asMap(compose.get("volumes"), "docker-compose.yml: volumes");
        List<Object> mounts = asList(service(name).get("volumes"), name + ": volumes");
        boolean named = mounts.stream().map(DockerComposeFileIT::volumeSource).anyMatch(declared::containsKey);
        assertThat(named)
                .as("%s mounts one of the named volumes %s (mounts: %s)", name, declared.keySet(), mounts)
                .isTrue();
    }

    @Test
    void everyContainerRestartsByItself() {
        services.keySet()
                .forEach(name -> assertThat(service(name).get("restart"))
                        .as("%s: restart policy", name)
                        .isIn("always", "unless-stopped", "on-failure"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Images of the services

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "analysis-service", "search-service", "alert-service", CONSOLE})
    void serviceBuildsFromItsDockerfileJvm(String name) throws IOException {
        String module = module(name);
        Object build = service(name).get("build");
        assertThat(build).as("%s: build (context and dockerfile)", name).isInstanceOf(Map.class);
        Map<String, Object> buildMap = asMap(build, name + ": build");
        Path context = root.resolve(String.valueOf(buildMap.get("context"))).normalize();
        assertThat(context)
                .as("%s: build context", name)
                .isEqualTo(root.resolve(module).normalize());
        assertThat(buildMap.get("dockerfile")).as("%s: build.dockerfile", name).isNotNull();
        assertThat(service(name).get("image"))
                .as("%s: the image it builds", name)
                .isEqualTo("redline/" + module + ":latest");
        Path dockerfile =
                context.resolve(String.valueOf(buildMap.get("dockerfile"))).normalize();
        assertThat(dockerfile)
                .as("%s: dockerfile", name)
                .isEqualTo(root.resolve(module)
                        .resolve("src/main/docker/Dockerfile.jvm")
                        .normalize())
                .isRegularFile();

        String text = Files.readString(dockerfile);
        assertThat(text)
                .as("%s: Dockerfile.jvm copies the fast-jar", name)
                .contains(
                        "target/quarkus-app/lib/",
                        "target/quarkus-app/app/",
                        "target/quarkus-app/quarkus/",
                        "quarkus-run.jar");
        Matcher expose = Pattern.compile("(?m)^\\s*EXPOSE\\s+(.+)$").matcher(text);
        Set<Integer> exposed = new LinkedHashSet<>();
        while (expose.find()) {
            for (String port : expose.group(1).trim().split("\\s+")) {
                exposed.add(Integer.parseInt(port.replaceAll("/.*", "")));
            }
        }
        assertThat(exposed)
                .as("%s: Dockerfile.jvm EXPOSEs the port the service listens on", name)
                .contains(containerHttpPort(name));
        Matcher user = Pattern.compile("(?m)^\\s*USER\\s+(\\S+)").matcher(text);
        String lastUser = null;
        while (user.find()) {
            lastUser = user.group(1);
        }
        assertThat(lastUser)
                .as("%s: Dockerfile.jvm runs as a non-root USER", name)
                .isNotNull()
                .isNotIn("root", "0", "0:0", "root:root");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Health and start order

    @Test
    void everyContainerHasAHealthcheck() {
        for (String name : services.keySet()) {
            if (ONE_SHOT.contains(name)) {
                // A one-shot (kafka-init) is "healthy" when it exits 0, which its dependants wait for instead.
                continue;
            }
            Object healthcheck = service(name).get("healthcheck");
            assertThat(healthcheck).as("%s: healthcheck", name).isInstanceOf(Map.class);
            Map<String, Object> check = asMap(healthcheck, name + ": healthcheck");
            assertThat(check.get("disable")).as("%s: healthcheck.disable", name).isNotEqualTo(Boolean.TRUE);
            String test = healthcheckCommand(name);
            assertThat(test).as("%s: healthcheck.test", name).isNotBlank().isNotEqualTo("NONE");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "analysis-service", "search-service", "alert-service", CONSOLE})
    void serviceHealthcheckAsksItsReadinessEndpoint(String name) throws IOException {
        assertThat(healthcheckCommand(name))
                .as("%s: healthcheck.test", name)
                .contains("localhost:" + containerHttpPort(name) + "/q/health/ready");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "analysis-service", "search-service", "alert-service"})
    void serviceWaitsForHealthyDependencies(String name) {
        Set<String> required = new LinkedHashSet<>(List.of("kafka"));
        if (ELASTICSEARCH_CLIENTS.contains(name)) {
            required.add("elasticsearch");
        }
        Object dependsOn = service(name).get("depends_on");
        assertThat(dependsOn)
                .as("%s: depends_on must be the long form, with conditions", name)
                .isInstanceOf(Map.class);
        Map<String, Object> dependencies = asMap(dependsOn, name + ": depends_on");
        for (String dependency : required) {
            assertThat(dependencies).as("%s: depends_on", name).containsKey(dependency);
            Map<String, Object> condition = asMap(dependencies.get(dependency), name + ": depends_on." + dependency);
            assertThat(condition.get("condition"))
                    .as("%s: depends_on.%s.condition", name, dependency)
                    .isEqualTo("service_healthy");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Configuration: host properties through environment variables

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "analysis-service", "search-service", "alert-service"})
    void everyHostPropertyIsSetThroughItsEnvironmentVariable(String name) throws IOException {
        Properties properties = applicationProperties(name);
        Map<String, String> env = environment(name);
        Set<String> dependencies = dependsOn(name);

        Set<String> hostKeys = new LinkedHashSet<>();
        for (String key : HOST_KEYS) {
            if (!valuesOf(properties, key).isEmpty()) {
                hostKeys.add(key);
            }
        }
        // A service that depends on a container reads its address even when application.properties relies
        // on the extension's default (localhost), which is wrong inside a container.
        if (dependencies.contains("kafka")) {
            hostKeys.add(KAFKA_KEY);
        }
        if (dependencies.contains("elasticsearch")) {
            hostKeys.add(ELASTICSEARCH_KEY);
        }
        assertThat(hostKeys)
                .as("%s: host properties (from application.properties and depends_on)", name)
                .isNotEmpty();

        for (String key : hostKeys) {
            String variable = environmentVariableName(key);
            // Setting the variables the property's own expression reads, e.g. ${KAFKA_HOST}, works too.
            Set<String> referenced = new LinkedHashSet<>();
            for (String value : valuesOf(properties, key)) {
                Matcher expression = Pattern.compile("\\$\\{([^:}]+)").matcher(value);
                while (expression.find()) {
                    referenced.add(environmentVariableName(expression.group(1)));
                }
            }
            boolean direct = isSet(env.get(variable));
            boolean throughExpression =
                    !referenced.isEmpty() && referenced.stream().allMatch(v -> isSet(env.get(v)));
            assertThat(direct || throughExpression)
                    .as(
                            "%s reads %s: docker-compose.yml must set %s%s in its environment (has %s)",
                            name, key, variable, referenced.isEmpty() ? "" : " (or " + referenced + ")", env.keySet())
                    .isTrue();
            if (direct && !env.get(variable).contains("${")) {
                for (String address : env.get(variable).split(",")) {
                    String host =
                            address.trim().replaceFirst("^[A-Za-z_]+://", "").replaceFirst(":\\d+$", "");
                    assertThat(services)
                            .as(
                                    "%s: %s=%s names host %s, which must be a compose service",
                                    name, variable, env.get(variable), host)
                            .containsKey(host);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Kafka locked down: SASL listeners, ACLs per service (docs/kafka-security.md)

    /** One-shot containers: they run to completion before the services start (no healthcheck). */
    static final Set<String> ONE_SHOT = Set.of("kafka-init");

    static final String KAFKA_INIT_SCRIPT = "deploy/kafka/init-security.sh";

    @Test
    void kafkaAuthenticatesEveryListenerAndDeniesWithoutAnAcl() {
        assertKafkaLockedDown("docker-compose.yml: kafka", environment("kafka"));
    }

    @Test
    void clusterKafkaAuthenticatesEveryListenerAndDeniesWithoutAnAcl() throws IOException {
        Map<String, Object> cluster = clusterServices();
        for (String name : kafkaNodes(cluster)) {
            assertKafkaLockedDown(CLUSTER_FILE + ": " + name, clusterEnvironment(cluster, name));
        }
    }

    /**
     * Each service is a Kafka user of its own (SCRAM-SHA-512 over SASL_PLAINTEXT), with a password Compose insists
     * on, and starts only after kafka-init has made the users and ACLs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "analysis-service", "search-service", "alert-service"})
    void serviceIsItsOwnKafkaUser(String name) {
        String user = name.replace("-service", "");
        assertServiceKafkaUser("docker-compose.yml: " + name, user, environment(name));
        Map<String, Object> dependencies = asMap(service(name).get("depends_on"), name + ": depends_on");
        assertThat(asMap(dependencies.get("kafka-init"), name + ": depends_on.kafka-init")
                        .get("condition"))
                .as("%s: depends_on.kafka-init.condition", name)
                .isEqualTo("service_completed_successfully");
    }

    @Test
    void clusterServiceInstancesAreTheirServicesKafkaUsers() throws IOException {
        Map<String, Object> cluster = clusterServices();
        int instances = 0;
        for (String name : cluster.keySet()) {
            String user = name.replaceAll("-\\d+$", "");
            if (!name.equals(user) && BROKER_USERS.contains(user)) {
                assertServiceKafkaUser(CLUSTER_FILE + ": " + name, user, clusterEnvironment(cluster, name));
                Map<String, Object> dependencies =
                        asMap(asMap(cluster.get(name), name).get("depends_on"), name + ": depends_on");
                assertThat(dependencies).as("%s: depends_on", name).containsKey("kafka-init");
                instances++;
            }
        }
        assertThat(instances).as("%s: service instances checked", CLUSTER_FILE).isEqualTo(8);
    }

    /**
     * kafka-init lets each service create exactly the topics its TopicInitializer creates (redline.kafka.topics), write
     * only some of them, and write redline.api-keys only from search-service (POST /api/keys): a topic added to a
     * service without its ACL would stop that service at start-up on the compose stacks.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "analysis-service", "search-service", "alert-service"})
    void kafkaInitGrantsEachServiceItsOwnTopics(String name) throws IOException {
        String user = name.replace("-service", "").toUpperCase(Locale.ROOT);
        Map<String, Set<String>> acls = kafkaInitAcls();
        Set<String> topics = new LinkedHashSet<>();
        for (String value : valuesOf(applicationProperties(name), "redline.kafka.topics")) {
            topics.addAll(List.of(value.trim().split("\\s*,\\s*")));
        }
        assertThat(acls.get(user + "_CREATE"))
                .as("%s: %s_CREATE in %s (the topics of its redline.kafka.topics)", name, user, KAFKA_INIT_SCRIPT)
                .containsExactlyInAnyOrderElementsOf(topics);
        assertThat(topics)
                .as("%s: the topics it writes and reads are among those it creates", name)
                .containsAll(acls.get(user + "_WRITE"))
                .containsAll(acls.get(user + "_READ"));
        assertThat(acls.get(user + "_WRITE").contains("redline.api-keys"))
                .as("%s may write redline.api-keys (only search-service owns /api/keys)", name)
                .isEqualTo(name.equals("search-service"));
        assertThat(acls.get(user + "_READ")).as("%s reads the API keys", name).contains("redline.api-keys");
    }

    static final Set<String> BROKER_USERS = Set.of("ingest", "analysis", "search", "alert");

    static void assertKafkaLockedDown(String what, Map<String, String> env) {
        for (String mapping : splitList(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"))) {
            assertThat(mapping.substring(mapping.indexOf(':') + 1))
                    .as("%s: listener %s must authenticate", what, mapping)
                    .isIn("SASL_PLAINTEXT", "SASL_SSL", "SSL");
        }
        assertThat(env.get("KAFKA_AUTHORIZER_CLASS_NAME"))
                .as("%s: KAFKA_AUTHORIZER_CLASS_NAME", what)
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(env.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"))
                .as("%s: KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", what)
                .isEqualTo("false");
        assertThat(env.get("KAFKA_SUPER_USERS"))
                .as("%s: KAFKA_SUPER_USERS", what)
                .isEqualTo("User:admin");
        env.forEach((key, value) -> {
            if (key.endsWith("_SASL_JAAS_CONFIG") && value.contains("password=")) {
                assertThat(value)
                        .as("%s: %s takes the admin password from a required variable", what, key)
                        .contains("${REDLINE_KAFKA_ADMIN_PASSWORD:?");
            }
        });
    }

    static void assertServiceKafkaUser(String what, String user, Map<String, String> env) {
        assertThat(env.get("KAFKA_SECURITY_PROTOCOL"))
                .as("%s: KAFKA_SECURITY_PROTOCOL", what)
                .isEqualTo("SASL_PLAINTEXT");
        assertThat(env.get("KAFKA_SASL_MECHANISM"))
                .as("%s: KAFKA_SASL_MECHANISM", what)
                .isEqualTo("SCRAM-SHA-512");
        assertThat(env.get("KAFKA_SASL_JAAS_CONFIG"))
                .as("%s: KAFKA_SASL_JAAS_CONFIG", what)
                .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required")
                .contains("username=\"" + user + "\"")
                .contains("password=\"${REDLINE_KAFKA_" + user.toUpperCase(Locale.ROOT) + "_PASSWORD:?");
    }

    /** The Kafka nodes of a file: the services with a node id. */
    static List<String> kafkaNodes(Map<String, Object> cluster) {
        return servicesWithImage(cluster, "apache/kafka:").stream()
                .filter(name -> clusterEnvironment(cluster, name).containsKey("KAFKA_NODE_ID"))
                .toList();
    }

    /** kafka-init's ACL lists, e.g. INGEST_WRITE -> its topics. */
    static Map<String, Set<String>> kafkaInitAcls() throws IOException {
        Map<String, Set<String>> acls = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^([A-Z]+_(?:CREATE|WRITE|READ|GROUPS))=\"([^\"]*)\"$")
                .matcher(Files.readString(root.resolve(KAFKA_INIT_SCRIPT), StandardCharsets.UTF_8));
        while (m.find()) {
            acls.put(m.group(1), new LinkedHashSet<>(List.of(m.group(2).trim().split("\\s+"))));
        }
        return acls;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Access control: the first admin key

    /**
     * Every service's /api needs a key, and without a bootstrap admin key there is no way to make the first one; so
     * each service reads it from the same compose variable, which Compose insists on ({@code ${VAR:?message}}).
     */
    @Test
    void everyServiceGetsTheSameRequiredBootstrapAdminKey() {
        Set<String> variables = new LinkedHashSet<>();
        for (String name : APP_SERVICES) {
            String value = environment(name).get("REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY");
            assertThat(value).as("%s: REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY", name).isNotNull();
            Matcher required = Pattern.compile("\\$\\{(\\w+):\\?[^}]+}").matcher(value);
            assertThat(required.matches())
                    .as("%s: REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY=%s must be ${VAR:?message}", name, value)
                    .isTrue();
            variables.add(required.group(1));
        }
        assertThat(variables)
                .as("one variable for all %d services", APP_SERVICES.size())
                .hasSize(1);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Alerting: its settings and secrets on alert-service alone

    /** Variables only alert-service reads: its own settings, and the SMTP relay with its credentials. */
    static final List<String> ALERT_VARIABLE_PREFIXES =
            List.of("REDLINE_ALERTS_", "QUARKUS_MAILER_", "REDLINE_SECRETS_");

    static final String DEMO_FILE = "deploy/docker-compose.demo.yml";
    static final String CLUSTER_DEMO_FILE = "deploy/docker-compose.cluster.demo.yml";

    /** alert-service holds every webhook secret and channel URL: no other service gets an alert or mail setting. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "docker-compose.yml",
                DEMO_FILE,
                CLUSTER_FILE,
                CLUSTER_DEMO_FILE,
                "deploy/docker-compose.cluster.low-limits.yml"
            })
    void alertSettingsGoToAlertServiceOnly(String file) throws IOException {
        Set<String> alertServices = alertServices();
        Map<String, Object> declared = servicesOf(file);
        for (String name : declared.keySet()) {
            for (String variable : clusterEnvironment(declared, name).keySet()) {
                if (ALERT_VARIABLE_PREFIXES.stream().anyMatch(variable::startsWith)) {
                    assertThat(alertServices)
                            .as("%s: %s sets %s, which only alert-service reads", file, name, variable)
                            .contains(name);
                }
            }
        }
    }

    /**
     * The key that seals webhook secrets and channel URLs in Kafka is required (alert-service refuses to start
     * without it, and Compose should say why first), and every alert-service instance gets the same one.
     */
    @Test
    void everyAlertServiceGetsTheSameRequiredSecretsKey() throws IOException {
        Map<String, Object> cluster = clusterServices();
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(
                "docker-compose.yml: alert-service",
                environment("alert-service").get("REDLINE_SECRETS_KEY"));
        for (String name : servicesWithImage(cluster, "redline/alert-service:")) {
            keys.put(
                    CLUSTER_FILE + ": " + name,
                    clusterEnvironment(cluster, name).get("REDLINE_SECRETS_KEY"));
        }
        assertThat(keys).as("alert-service instances").hasSizeGreaterThanOrEqualTo(3);
        keys.forEach((where, value) -> assertThat(value)
                .as("%s: REDLINE_SECRETS_KEY must be ${REDLINE_SECRETS_KEY:?message}", where)
                .matches("\\$\\{REDLINE_SECRETS_KEY:\\?[^}]+}"));
    }

    /** Links in alerts lead to the articles and stories of search-service, on the port README.md gives it. */
    @Test
    void alertLinksPointAtTheSearchApi() throws IOException {
        int searchPort = readmePorts().get("search-service");
        Map<String, Object> cluster = clusterServices();
        Map<String, String> baseUrls = new LinkedHashMap<>();
        baseUrls.put(
                "docker-compose.yml: alert-service",
                environment("alert-service").get("REDLINE_ALERTS_API_BASE_URL"));
        for (String name : servicesWithImage(cluster, "redline/alert-service:")) {
            baseUrls.put(
                    CLUSTER_FILE + ": " + name,
                    clusterEnvironment(cluster, name).get("REDLINE_ALERTS_API_BASE_URL"));
        }
        assertThat(baseUrls).as("alert-service instances").hasSizeGreaterThanOrEqualTo(3);
        baseUrls.forEach((where, url) -> {
            assertThat(url).as("%s: REDLINE_ALERTS_API_BASE_URL", where).isNotBlank();
            assertThat(java.net.URI.create(url).getPort())
                    .as("%s: REDLINE_ALERTS_API_BASE_URL=%s names search-service's " + "port", where, url)
                    .isEqualTo(searchPort);
        });
    }

    /** The demo overrides let every alert-service instance deliver to their receiver container, over plain http. */
    @ParameterizedTest
    @ValueSource(strings = {DEMO_FILE, CLUSTER_DEMO_FILE})
    void demoAlertsMayReachTheReceiver(String file) throws IOException {
        Map<String, Object> declared = servicesOf(file);
        assertThat(declared).as("%s: services", file).containsKey("receiver");
        Map<String, Object> base = file.equals(DEMO_FILE) ? services : clusterServices();
        List<String> instances =
                base.keySet().stream().filter(alertServices()::contains).toList();
        assertThat(instances)
                .as("alert-service instances of the file %s overrides", file)
                .isNotEmpty();
        for (String name : instances) {
            assertThat(declared).as("%s: overrides %s", file, name).containsKey(name);
            Map<String, String> env = clusterEnvironment(declared, name);
            assertThat(splitList(env.get("REDLINE_ALERTS_ALLOW")))
                    .as("%s: %s REDLINE_ALERTS_ALLOW", file, name)
                    .contains("receiver");
            assertThat(env.get("REDLINE_ALERTS_ALLOW_HTTP"))
                    .as("%s: %s REDLINE_ALERTS_ALLOW_HTTP", file, name)
                    .isEqualTo("true");
        }
    }

    /** alert-service in docker-compose.yml and its instances in the cluster file. */
    static Set<String> alertServices() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        names.add("alert-service");
        names.addAll(servicesWithImage(clusterServices(), "redline/alert-service:"));
        return names;
    }

    /** The services of a compose file (an override's are partial), with anchors and merge keys resolved. */
    static Map<String, Object> servicesOf(String file) throws IOException {
        Path path = root.resolve(file);
        assertThat(path).as(file).isRegularFile();
        Map<String, Object> loaded =
                asMap(new Yaml(new SafeConstructor(new LoaderOptions())).load(withDefaults(path)), file);
        return asMap(loaded.get("services"), file + ": services");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Ports

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "analysis-service", "search-service", "alert-service", CONSOLE})
    void publishedPortIsTheOneInTheReadme(String name) throws IOException {
        Map<String, Integer> readmePorts = readmePorts();
        assertThat(readmePorts).as("README.md '## Ports' table").containsKey(module(name));
        int expected = readmePorts.get(module(name));
        int containerPort = containerHttpPort(name);

        List<PortMapping> ports = ports(name);
        assertThat(ports).as("%s: ports", name).isNotEmpty();
        Set<Integer> published = new LinkedHashSet<>();
        for (PortMapping port : ports) {
            assertThat(port.published())
                    .as("%s: port %s must name its published port", name, port.raw())
                    .isNotNull();
            published.add(port.published());
            assertThat(port.target())
                    .as("%s: port %s must forward to the port the service listens on", name, port.raw())
                    .isEqualTo(containerPort);
        }
        assertThat(published).as("%s: published ports vs README.md", name).containsExactly(expected);
    }

    @Test
    void readmePortsTableIsReadable() throws IOException {
        // Guards the parser itself: the table lists every service, with distinct ports.
        Map<String, Integer> readmePorts = readmePorts();
        assertThat(readmePorts).as("README.md '## Ports' table").containsKeys(APP_SERVICES.toArray(String[]::new));
        assertThat(APP_SERVICES.stream().map(readmePorts::get).distinct().count())
                .as("distinct service ports in README.md %s", readmePorts)
                .isEqualTo(APP_SERVICES.size());
    }

    // ---------------------------------------------------------------------------------------------------------
    // deploy/docker-compose.cluster.yml: 3 Kafka nodes, 3 Elasticsearch nodes, two instances of each service

    static final String CLUSTER_FILE = "deploy/docker-compose.cluster.yml";

    @Test
    void clusterKafkaIsThreeNodesInOneControllerQuorum() throws IOException {
        Map<String, Object> cluster = clusterServices();
        List<String> kafka = kafkaNodes(cluster);
        assertThat(kafka).as("%s: Kafka services", CLUSTER_FILE).hasSize(3);
        String version = pomProperty("kafka.version");
        Map<String, String> expectedVoters = new LinkedHashMap<>();
        Set<String> clusterIds = new LinkedHashSet<>();
        Set<String> quorums = new LinkedHashSet<>();
        for (String name : kafka) {
            Map<String, String> env = clusterEnvironment(cluster, name);
            assertThat(asMap(cluster.get(name), name).get("image"))
                    .as("%s: image", name)
                    .isEqualTo("apache/kafka:" + version);
            assertThat(env.get("KAFKA_PROCESS_ROLES"))
                    .as("%s: KAFKA_PROCESS_ROLES", name)
                    .contains("broker")
                    .contains("controller");
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS"))
                    .as("%s: KAFKA_ADVERTISED_LISTENERS", name)
                    .isEqualTo("INTERNAL://" + name + ":9092");
            String id = env.get("KAFKA_NODE_ID");
            assertThat(expectedVoters)
                    .as("%s: KAFKA_NODE_ID %s must be unique", name, id)
                    .doesNotContainKey(id);
            expectedVoters.put(id, id + "@" + name + ":9093");
            clusterIds.add(env.get("CLUSTER_ID"));
            quorums.add(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
            assertThat(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))
                    .as("%s: topic auto-creation", name)
                    .isEqualTo("false");
            for (String key : List.of(
                    "KAFKA_DEFAULT_REPLICATION_FACTOR",
                    "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                    "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR")) {
                assertThat(env.get(key)).as("%s: %s", name, key).isEqualTo("3");
            }
            for (String key : List.of(
                    "KAFKA_MIN_INSYNC_REPLICAS",
                    "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
                    "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR")) {
                assertThat(env.get(key)).as("%s: %s", name, key).isEqualTo("2");
            }
        }
        assertThat(clusterIds)
                .as("%s: CLUSTER_ID of the Kafka nodes (one cluster)", CLUSTER_FILE)
                .hasSize(1)
                .doesNotContainNull();
        assertThat(quorums)
                .as("%s: KAFKA_CONTROLLER_QUORUM_VOTERS (the same on every node)", CLUSTER_FILE)
                .hasSize(1);
        List<String> voters = List.of(quorums.iterator().next().split(","));
        assertThat(voters)
                .as("%s: the quorum is every node, by id and service name", CLUSTER_FILE)
                .containsExactlyInAnyOrderElementsOf(expectedVoters.values());
    }

    @Test
    void clusterElasticsearchIsThreeNodesThatFindEachOther() throws IOException {
        Map<String, Object> cluster = clusterServices();
        String image = "docker.elastic.co/elasticsearch/elasticsearch:" + pomProperty("elasticsearch.server.version");
        List<String> nodes = new ArrayList<>();
        for (String name : servicesWithImage(cluster, image)) {
            // The certificate maker uses the same image but is no node.
            if (clusterEnvironment(cluster, name).containsKey("node.name")) {
                nodes.add(name);
            }
        }
        assertThat(nodes).as("%s: Elasticsearch nodes", CLUSTER_FILE).hasSize(3);
        Set<String> clusterNames = new LinkedHashSet<>();
        for (String name : nodes) {
            Map<String, String> env = clusterEnvironment(cluster, name);
            assertThat(env.get("node.name"))
                    .as("%s: node.name (the name the others know it by)", name)
                    .isEqualTo(name);
            assertThat(env)
                    .as("%s: a multi-node cluster, not single-node discovery", name)
                    .doesNotContainKey("discovery.type");
            clusterNames.add(env.get("cluster.name"));
            assertThat(splitList(env.get("cluster.initial_master_nodes")))
                    .as("%s: cluster.initial_master_nodes", name)
                    .containsExactlyInAnyOrderElementsOf(nodes);
            Set<String> seeds = new LinkedHashSet<>(splitList(env.get("discovery.seed_hosts")));
            assertThat(nodes)
                    .as("%s: discovery.seed_hosts %s name only nodes", name, seeds)
                    .containsAll(seeds);
            seeds.add(name);
            assertThat(seeds)
                    .as("%s: discovery.seed_hosts, with itself, are all nodes", name)
                    .containsExactlyInAnyOrderElementsOf(nodes);
            assertThat(env.get("xpack.security.enabled"))
                    .as("%s: security", name)
                    .isEqualTo("true");
            assertThat(env.get("xpack.security.transport.ssl.enabled"))
                    .as("%s: transport TLS (required by a secured multi-node cluster)", name)
                    .isEqualTo("true");
            assertThat(env.get("ELASTIC_PASSWORD"))
                    .as("%s: ELASTIC_PASSWORD", name)
                    .matches("\\$\\{\\w+:\\?[^}]+}");
            assertThat(asList(asMap(cluster.get(name), name).get("volumes"), name + ": volumes"))
                    .as("%s: its own data volume", name)
                    .anyMatch(v -> volumeSource(v).equals(name + "-data"));
        }
        assertThat(clusterNames)
                .as("%s: cluster.name of the nodes", CLUSTER_FILE)
                .hasSize(1)
                .doesNotContainNull();
    }

    @Test
    void clusterRunsTwoInstancesOfEachServiceAgainstAllNodes() throws IOException {
        Map<String, Object> cluster = clusterServices();
        List<String> kafka = kafkaNodes(cluster);
        List<String> elasticsearch = new ArrayList<>();
        for (String name : servicesWithImage(cluster, "docker.elastic.co/elasticsearch/")) {
            if (clusterEnvironment(cluster, name).containsKey("node.name")) {
                elasticsearch.add(name);
            }
        }
        Set<String> adminKeyVariables = new LinkedHashSet<>();
        Set<Integer> publishedPorts = new LinkedHashSet<>();
        for (String service : APP_SERVICES) {
            List<String> instances = servicesWithImage(cluster, "redline/" + service + ":");
            assertThat(instances)
                    .as("%s: instances of %s", CLUSTER_FILE, service)
                    .hasSizeGreaterThanOrEqualTo(2);
            for (String name : instances) {
                Map<String, Object> definition = asMap(cluster.get(name), name);
                Map<String, String> env = clusterEnvironment(cluster, name);
                Map<String, Object> build = asMap(definition.get("build"), name + ": build");
                assertThat(root.resolve("deploy")
                                .resolve(String.valueOf(build.get("context")))
                                .resolve(String.valueOf(build.get("dockerfile")))
                                .normalize())
                        .as("%s: builds from %s's Dockerfile.jvm", name, service)
                        .isEqualTo(root.resolve(service).resolve("src/main/docker/Dockerfile.jvm"));

                assertThat(hosts(env.get("KAFKA_BOOTSTRAP_SERVERS")))
                        .as("%s: KAFKA_BOOTSTRAP_SERVERS lists every broker", name)
                        .containsExactlyInAnyOrderElementsOf(kafka);
                assertThat(env.get("REDLINE_KAFKA_REPLICATION_FACTOR"))
                        .as("%s: REDLINE_KAFKA_REPLICATION_FACTOR (the topics it creates)", name)
                        .isEqualTo("3");
                Set<String> needs = new LinkedHashSet<>(kafka);
                if (ELASTICSEARCH_CLIENTS.contains(service)) {
                    assertThat(hosts(env.get("QUARKUS_ELASTICSEARCH_HOSTS")))
                            .as("%s: QUARKUS_ELASTICSEARCH_HOSTS lists every node", name)
                            .containsExactlyInAnyOrderElementsOf(elasticsearch);
                    int replicas = Integer.parseInt(env.get("REDLINE_SEARCH_INDEX_REPLICAS"));
                    assertThat(replicas)
                            .as("%s: REDLINE_SEARCH_INDEX_REPLICAS (a copy on another node)", name)
                            .isBetween(1, elasticsearch.size() - 1);
                    assertThat(Integer.parseInt(env.get("REDLINE_SEARCH_INDEX_SHARDS")))
                            .as("%s: REDLINE_SEARCH_INDEX_SHARDS", name)
                            .isPositive();
                    needs.addAll(elasticsearch);
                }
                Map<String, Object> dependsOn = asMap(definition.get("depends_on"), name + ": depends_on");
                for (String dependency : needs) {
                    assertThat(dependsOn).as("%s: depends_on", name).containsKey(dependency);
                    assertThat(asMap(dependsOn.get(dependency), name + ": depends_on." + dependency)
                                    .get("condition"))
                            .as("%s: depends_on.%s.condition", name, dependency)
                            .isEqualTo("service_healthy");
                }

                Matcher required = Pattern.compile("\\$\\{(\\w+):\\?[^}]+}")
                        .matcher(String.valueOf(env.get("REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY")));
                assertThat(required.matches())
                        .as(
                                "%s: REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY=%s must be ${VAR:?message}",
                                name, env.get("REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY"))
                        .isTrue();
                adminKeyVariables.add(required.group(1));
                for (Object port : asList(definition.get("ports"), name + ": ports")) {
                    String published =
                            String.valueOf(port).replaceFirst(":\\d+$", "").replaceFirst("^.*:", "");
                    assertThat(publishedPorts.add(Integer.parseInt(published)))
                            .as("%s: published port %s is used once", name, published)
                            .isTrue();
                }
            }
        }
        assertThat(adminKeyVariables)
                .as("%s: one admin key variable for every instance", CLUSTER_FILE)
                .containsExactly(environment("search-service")
                        .get("REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY")
                        .replaceFirst("^\\$\\{(\\w+):.*$", "$1"));
    }

    /** The services of the cluster file, with YAML anchors and merge keys resolved. */
    static Map<String, Object> clusterServices() throws IOException {
        Path file = root.resolve(CLUSTER_FILE);
        assertThat(file).as(CLUSTER_FILE).isRegularFile();
        Map<String, Object> loaded =
                asMap(new Yaml(new SafeConstructor(new LoaderOptions())).load(withDefaults(file)), CLUSTER_FILE);
        return asMap(loaded.get("services"), CLUSTER_FILE + ": services");
    }

    /** Names of the services whose image starts with {@code prefix}, in file order. */
    static List<String> servicesWithImage(Map<String, Object> cluster, String prefix) {
        return cluster.entrySet().stream()
                .filter(e -> String.valueOf(asMap(e.getValue(), e.getKey()).get("image"))
                        .startsWith(prefix))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** A cluster service's environment (map form, as the file writes it; empty when it has none); values as strings. */
    static Map<String, String> clusterEnvironment(Map<String, Object> cluster, String name) {
        Map<String, String> result = new LinkedHashMap<>();
        Object environment = asMap(cluster.get(name), name).get("environment");
        if (environment == null) {
            return result;
        }
        asMap(environment, name + ": environment")
                .forEach((k, v) -> result.put(k, v == null ? null : String.valueOf(v)));
        return result;
    }

    static List<String> splitList(String value) {
        assertThat(value).as("a comma-separated list").isNotBlank();
        return List.of(value.split("\\s*,\\s*"));
    }

    /** The host names of a "host:port,host:port" list. */
    static List<String> hosts(String addresses) {
        return splitList(addresses).stream()
                .map(a -> a.replaceFirst("^[A-Za-z_]+://", "").replaceFirst(":\\d+$", ""))
                .toList();
    }

    // ---------------------------------------------------------------------------------------------------------
    // The newsroom console: one origin for the page and every service's /api, holding nothing secret

    /** Upstream variable of the console (REDLINE_CONSOLE_UPSTREAM_SEARCH) to the service it forwards to. */
    static Map<String, String> consoleUpstreams() {
        Map<String, String> upstreams = new LinkedHashMap<>();
        for (String service : APP_SERVICES) {
            upstreams.put(
                    "REDLINE_CONSOLE_UPSTREAM_"
                            + service.replace("-service", "").toUpperCase(Locale.ROOT),
                    service);
        }
        return upstreams;
    }

    /**
     * Each upstream is {@code http://<compose service>:<the port it listens on>}: a name no service of the file has, or
     * the wrong port, would leave that part of the page failing with 502 while every container is healthy.
     */
    @Test
    void consoleForwardsToEveryServiceByItsComposeName() throws IOException {
        Map<String, String> env = environment(CONSOLE);
        for (Map.Entry<String, String> upstream : consoleUpstreams().entrySet()) {
            String url = env.get(upstream.getKey());
            assertThat(url).as("console: %s", upstream.getKey()).isNotBlank();
            java.net.URI uri = java.net.URI.create(url);
            assertThat(uri.getScheme())
                    .as("console: %s=%s", upstream.getKey(), url)
                    .isEqualTo("http");
            assertThat(uri.getHost())
                    .as("console: %s=%s names the compose service %s", upstream.getKey(), url, upstream.getValue())
                    .isEqualTo(upstream.getValue());
            assertThat(services).as("services of docker-compose.yml").containsKey(uri.getHost());
            assertThat(uri.getPort())
                    .as("console: %s=%s names the port %s listens on", upstream.getKey(), url, upstream.getValue())
                    .isEqualTo(containerHttpPort(upstream.getValue()));
        }
    }

    @Test
    void consoleHoldsNoSecretAndWaitsForNoService() {
        assertConsoleHoldsNoSecret("docker-compose.yml: console", service(CONSOLE), environment(CONSOLE));
    }

    @Test
    void clusterRunsTwoConsolesInFrontOfBothInstancesOfEachService() throws IOException {
        Map<String, Object> cluster = clusterServices();
        List<String> consoles = servicesWithImage(cluster, "redline/" + CONSOLE_MODULE + ":");
        assertThat(consoles).as("%s: console instances", CLUSTER_FILE).hasSizeGreaterThanOrEqualTo(2);
        Map<String, Integer> readmePorts = readmePorts();
        assertThat(readmePorts).as("README.md '## Ports' table").containsKey(CONSOLE_MODULE);
        int readmePort = readmePorts.get(CONSOLE_MODULE);
        Set<Integer> published = new LinkedHashSet<>();
        for (String name : consoles) {
            Map<String, Object> definition = asMap(cluster.get(name), name);
            Map<String, String> env = clusterEnvironment(cluster, name);
            assertConsoleHoldsNoSecret(CLUSTER_FILE + ": " + name, definition, env);
            Map<String, Object> build = asMap(definition.get("build"), name + ": build");
            assertThat(root.resolve("deploy")
                            .resolve(String.valueOf(build.get("context")))
                            .resolve(String.valueOf(build.get("dockerfile")))
                            .normalize())
                    .as("%s: builds from %s's Dockerfile.jvm", name, CONSOLE_MODULE)
                    .isEqualTo(root.resolve(CONSOLE_MODULE).resolve("src/main/docker/Dockerfile.jvm"));
            String port = env.get("QUARKUS_HTTP_PORT");
            Object test =
                    asMap(definition.get("healthcheck"), name + ": healthcheck").get("test");
            assertThat(String.valueOf(test))
                    .as("%s: healthcheck.test", name)
                    .contains("localhost:" + port + "/q/health/ready");
            for (Object mapping : asList(definition.get("ports"), name + ": ports")) {
                Matcher m = Pattern.compile("^(?:.*:)?(\\d+):(\\d+)$").matcher(String.valueOf(mapping));
                assertThat(m.matches()).as("%s: port %s", name, mapping).isTrue();
                assertThat(m.group(2))
                        .as("%s: port %s forwards to QUARKUS_HTTP_PORT", name, mapping)
                        .isEqualTo(port);
                assertThat(published.add(Integer.parseInt(m.group(1))))
                        .as("%s: published port %s is used once", name, m.group(1))
                        .isTrue();
            }
            for (Map.Entry<String, String> upstream : consoleUpstreams().entrySet()) {
                String url = env.get(upstream.getKey());
                assertThat(url).as("%s: %s", name, upstream.getKey()).isNotBlank();
                java.net.URI uri = java.net.URI.create(url);
                List<String> instances = servicesWithImage(cluster, "redline/" + upstream.getValue() + ":");
                assertThat(instances)
                        .as("%s: instances of %s", CLUSTER_FILE, upstream.getValue())
                        .hasSizeGreaterThanOrEqualTo(2);
                for (String instance : instances) {
                    // One name for all instances (a network alias): the console keeps working while one is down.
                    assertThat(networkAliases(asMap(cluster.get(instance), instance)))
                            .as("%s: %s=%s names a host %s answers to", name, upstream.getKey(), url, instance)
                            .contains(uri.getHost());
                    assertThat(Integer.toString(uri.getPort()))
                            .as("%s: %s=%s names the port %s listens on", name, upstream.getKey(), url, instance)
                            .isEqualTo(clusterEnvironment(cluster, instance).get("QUARKUS_HTTP_PORT"));
                }
            }
        }
        assertThat(published)
                .as("%s: the first console on README.md's port", CLUSTER_FILE)
                .contains(readmePort);
    }

    /**
     * The console forwards the signed-in user's own key and authenticates nothing itself: it gets no credential (no
     * bootstrap key, pepper, password or secret, nothing Compose insists on), no Kafka or Elasticsearch, no volume; and
     * it waits for no service's health, so that one service down never keeps the page from loading.
     */
    static void assertConsoleHoldsNoSecret(String what, Map<String, Object> definition, Map<String, String> env) {
        Pattern secretName = Pattern.compile("(?i).*(PASSWORD|SECRET|KEY|TOKEN|PEPPER|JAAS|CREDENTIAL).*");
        env.forEach((variable, value) -> {
            assertThat(variable).as("%s: sets %s, a secret", what, variable).doesNotMatch(secretName);
            assertThat(variable)
                    .as("%s: sets %s (the console reaches no Kafka and no Elasticsearch)", what, variable)
                    .doesNotStartWith("KAFKA_")
                    .doesNotStartWith("QUARKUS_ELASTICSEARCH_")
                    .doesNotStartWith("REDLINE_AUTH_");
            assertThat(String.valueOf(value))
                    .as("%s: %s=%s reads a required (secret) variable", what, variable, value)
                    .doesNotContain(":?");
        });
        assertThat(definition.get("volumes"))
                .as("%s: volumes (it keeps no data)", what)
                .isNull();
        Object dependsOn = definition.get("depends_on");
        if (dependsOn instanceof Map<?, ?> map) {
            map.forEach((dependency, condition) -> assertThat(String.valueOf(condition))
                    .as("%s: depends_on.%s must not wait for its health", what, dependency)
                    .doesNotContain("service_healthy")
                    .doesNotContain("service_completed_successfully"));
        }
    }

    /**
     * The services limit failed sign-ins per caller address and audit it: behind the console that is the address the
     * console forwards in X-Forwarded-For (else every browser is the console's one address, and one person's wrong
     * keys lock everyone out), believed from the console's containers only (else a caller of a published port could
     * choose its address with each guess).
     */
    @Test
    void servicesTakeTheCallersAddressFromTheConsoleAlone() throws IOException {
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        Map<String, Set<String>> consoles = new LinkedHashMap<>();
        for (String name : APP_SERVICES) {
            environments.put("docker-compose.yml: " + name, environment(name));
            consoles.put("docker-compose.yml: " + name, Set.of(CONSOLE));
        }
        Map<String, Object> cluster = clusterServices();
        Set<String> clusterConsoles =
                new LinkedHashSet<>(servicesWithImage(cluster, "redline/" + CONSOLE_MODULE + ":"));
        for (String service : APP_SERVICES) {
            for (String name : servicesWithImage(cluster, "redline/" + service + ":")) {
                environments.put(CLUSTER_FILE + ": " + name, clusterEnvironment(cluster, name));
                consoles.put(CLUSTER_FILE + ": " + name, clusterConsoles);
            }
        }
        assertThat(environments).as("service instances").hasSizeGreaterThanOrEqualTo(12);
        environments.forEach((what, env) -> {
            assertThat(env.get("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING"))
                    .as("%s: QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", what)
                    .isEqualTo("true");
            assertThat(env.get("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED"))
                    .as("%s: QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED (the console sends X-Forwarded-For)", what)
                    .isEqualTo("true");
            assertThat(env.get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"))
                    .as("%s: QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", what)
                    .isNotBlank();
            assertThat(splitList(env.get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES")))
                    .as("%s: QUARKUS_HTTP_PROXY_TRUSTED_PROXIES names the file's consoles, nothing else", what)
                    .containsExactlyInAnyOrderElementsOf(consoles.get(what));
        });
    }

    /** The aliases a service answers to on the default network, besides its own name. */
    static Set<String> networkAliases(Map<String, Object> definition) {
        Set<String> aliases = new LinkedHashSet<>();
        if (definition.get("networks") instanceof Map<?, ?> networks
                && networks.get("default") instanceof Map<?, ?> network
                && network.get("aliases") instanceof List<?> list) {
            list.forEach(alias -> aliases.add(String.valueOf(alias)));
        }
        return aliases;
    }

    // =========================================================================================================
    // Helpers

    static Map<String, Object> service(String name) {
        assertThat(services).as("services of docker-compose.yml").containsKey(name);
        return asMap(services.get(name), "service " + name);
    }

    /** The environment of a compose service, map or list form; null values (pass-through) stay null. */
    static Map<String, String> environment(String name) {
        Object environment = service(name).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String text = String.valueOf(entry);
                int equals = text.indexOf('=');
                result.put(
                        equals < 0 ? text : text.substring(0, equals), equals < 0 ? null : text.substring(equals + 1));
            }
        } else if (environment != null) {
            fail(name + ": environment must be a map or a list, was " + environment);
        }
        return result;
    }

    static Set<String> dependsOn(String name) {
        Object dependsOn = service(name).get("depends_on");
        Set<String> result = new LinkedHashSet<>();
        if (dependsOn instanceof Map<?, ?> map) {
            map.keySet().forEach(k -> result.add(String.valueOf(k)));
        } else if (dependsOn instanceof List<?> list) {
            list.forEach(k -> result.add(String.valueOf(k)));
        }
        return result;
    }

    static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /** MicroProfile Config's environment variable for a property: non-alphanumerics to '_', upper case. */
    static String environmentVariableName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The Maven module a compose service is built from: its own name, but "console" is console-service. */
    static String module(String name) {
        return name.equals(CONSOLE) ? CONSOLE_MODULE : name;
    }

    static Properties applicationProperties(String name) throws IOException {
        Path file = root.resolve(module(name)).resolve("src/main/resources/application.properties");
        assertThat(file).as("%s: application.properties", name).isRegularFile();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    /** Values of a key in any profile: "key", "%prod.key", "%dev,test.key". */
    static List<String> valuesOf(Properties properties, String key) {
        List<String> values = new ArrayList<>();
        for (String name : properties.stringPropertyNames()) {
            String bare = name.startsWith("%") && name.indexOf('.') > 0 ? name.substring(name.indexOf('.') + 1) : name;
            if (bare.equals(key)) {
                values.add(properties.getProperty(name));
            }
        }
        return values;
    }

    /** The value of a key in the prod profile: "%prod.key" first, then "key"; null when absent. */
    static String prodValue(Properties properties, String key) {
        String profiled = null;
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("%")
                    && name.indexOf('.') > 0
                    && name.substring(name.indexOf('.') + 1).equals(key)
                    && List.of(name.substring(1, name.indexOf('.')).split(",")).contains("prod")) {
                profiled = properties.getProperty(name);
            }
        }
        return profiled != null ? profiled : properties.getProperty(key);
    }

    /**
     * The port the service listens on inside its container: QUARKUS_HTTP_PORT from the compose environment,
     * else quarkus.http.port of application.properties (a number or ${VAR:number}), else Quarkus' 8080.
     */
    static int containerHttpPort(String name) throws IOException {
        String fromEnvironment = environment(name).get("QUARKUS_HTTP_PORT");
        if (isSet(fromEnvironment)) {
            assertThat(fromEnvironment.trim()).as("%s: QUARKUS_HTTP_PORT", name).matches("\\d+");
            return Integer.parseInt(fromEnvironment.trim());
        }
        String configured = prodValue(applicationProperties(name), "quarkus.http.port");
        if (configured == null) {
            return QUARKUS_DEFAULT_HTTP_PORT;
        }
        Matcher number = Pattern.compile("^(?:\\$\\{[^:}]+:)?(\\d+)\\}?$").matcher(configured.trim());
        assertThat(number.matches())
                .as("%s: quarkus.http.port=%s is a port number or ${VAR:port}", name, configured)
                .isTrue();
        return Integer.parseInt(number.group(1));
    }

    static String healthcheckCommand(String name) {
        Object test =
                asMap(service(name).get("healthcheck"), name + ": healthcheck").get("test");
        if (test instanceof List<?> list) {
            List<String> parts = list.stream().map(String::valueOf).toList();
            return String.join(
                    " ", parts.isEmpty() || !parts.get(0).startsWith("CMD") ? parts : parts.subList(1, parts.size()));
        }
        return test == null ? "" : String.valueOf(test);
    }

    record PortMapping(String raw, String hostIp, Integer published, int target) {}

    /**
     * The file's text as Compose reads it with none of its optional variables set: {@code ${VAR:-default}} and
     * {@code ${VAR-default}} become the default (image names, host ports, heaps are such variables), while
     * {@code ${VAR:?message}} stays as written, for the checks of required variables.
     */
    static String withDefaults(Path file) throws IOException {
        return OPTIONAL_VARIABLE
                .matcher(Files.readString(file, StandardCharsets.UTF_8))
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    }

    private static final Pattern OPTIONAL_VARIABLE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)}");

    /** Compose ports in short ("[ip:][published:]target[/proto]") or long (target/published/host_ip) form. */
    static List<PortMapping> ports(String name) {
        Object declared = service(name).get("ports");
        List<PortMapping> result = new ArrayList<>();
        if (declared == null) {
            return result;
        }
        for (Object entry : asList(declared, name + ": ports")) {
            if (entry instanceof Map<?, ?> map) {
                Object published = map.get("published");
                Object hostIp = map.get("host_ip");
                result.add(new PortMapping(
                        String.valueOf(map),
                        hostIp == null ? null : String.valueOf(hostIp),
                        published == null ? null : Integer.valueOf(String.valueOf(published)),
                        Integer.parseInt(String.valueOf(map.get("target")))));
                continue;
            }
            String raw = String.valueOf(entry);
            String spec = raw.replaceFirst("/(tcp|udp|sctp)$", "");
            int lastColon = spec.lastIndexOf(':');
            if (lastColon < 0) {
                result.add(new PortMapping(raw, null, null, Integer.parseInt(spec)));
                continue;
            }
            int target = Integer.parseInt(spec.substring(lastColon + 1));
            String rest = spec.substring(0, lastColon);
            int ipColon = rest.lastIndexOf(':');
            String hostIp = ipColon < 0 ? null : rest.substring(0, ipColon).replaceAll("[\\[\\]]", "");
            String published = ipColon < 0 ? rest : rest.substring(ipColon + 1);
            result.add(new PortMapping(raw, hostIp, published.isEmpty() ? null : Integer.valueOf(published), target));
        }
        return result;
    }

    /** Source of a volume mount, short ("src:dst[:mode]") or long ({source: ...}) form. */
    static String volumeSource(Object mount) {
        if (mount instanceof Map<?, ?> map) {
            return String.valueOf(map.get("source"));
        }
        String text = String.valueOf(mount);
        int colon = text.indexOf(':');
        return colon < 0 ? "" : text.substring(0, colon);
    }

    /**
     * README.md's "## Ports" table: first column a name (backticks, bold, links and a closing "(remark)" removed,
     * lower case), second column the default port; further columns are ignored.
     */
    static Map<String, Integer> readmePorts() throws IOException {
        Path readme = root.resolve("README.md");
        assertThat(readme).as("README.md at the project root").isRegularFile();
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        Pattern heading = Pattern.compile("^\\s{0,3}##\\s+Ports\\b.*$", Pattern.CASE_INSENSITIVE);
        Pattern nextSection = Pattern.compile("^\\s{0,3}#{1,2}\\s+\\S.*$");
        Pattern portNumber = Pattern.compile("\\b(\\d{2,5})\\b");
        Map<String, Integer> ports = new LinkedHashMap<>();
        boolean inSection = false;
        boolean inTable = false;
        for (String line : lines) {
            if (!inSection) {
                inSection = heading.matcher(line).matches();
                continue;
            }
            if (nextSection.matcher(line).matches()) {
                break;
            }
            String trimmed = line.trim();
            if (!trimmed.startsWith("|")) {
                if (inTable) {
                    break; // the first table of the section only
                }
                continue;
            }
            inTable = true;
            List<String> cells = tableCells(trimmed);
            if (cells.size() < 2 || cells.stream().allMatch(c -> c.matches(":?-{1,}:?") || c.isEmpty())) {
                continue; // separator row
            }
            Matcher port = portNumber.matcher(cells.get(1));
            if (!port.find()) {
                continue; // header row
            }
            String name = cells.get(0)
                    .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                    .replaceAll("[`*]", "")
                    .replaceFirst("\\s*\\([^)]*\\)$", "")
                    .trim()
                    .toLowerCase(Locale.ROOT);
            ports.put(name, Integer.parseInt(port.group(1)));
        }
        assertThat(inSection).as("README.md has a '## Ports' heading").isTrue();
        assertThat(ports).as("README.md '## Ports' table rows").isNotEmpty();
        return ports;
    }

    static List<String> tableCells(String row) {
        String inner = row.substring(1);
        if (inner.endsWith("|")) {
            inner = inner.substring(0, inner.length() - 1);
        }
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }

    static String pomProperty(String name) throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"));
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">\\s*([^<\\s]+)\\s*</")
                .matcher(pom);
        assertThat(matcher.find()).as("root pom.xml property %s", name).isTrue();
        return matcher.group(1);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String what) {
        assertThat(value).as(what + " (a YAML mapping)").isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object value, String what) {
        assertThat(value).as(what + " (a YAML list)").isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
