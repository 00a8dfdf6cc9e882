package io.redline.e2e.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One docker-compose project started from the repository's compose files, as an operator would start it: its own
 * project name (so it never touches another stack), an env file the test writes (the operator's {@code .env}), and
 * {@code down -v} that leaves no container, network or volume behind.
 */
final class Compose implements AutoCloseable {

    private final Path root;
    private final String project;
    private final List<Path> files;
    private final Path envFile;
    private final Map<String, String> env = new LinkedHashMap<>();

    /**
     * @param root    the repository
     * @param project the compose project name (containers are named {@code <project>_<service>_<n>})
     * @param envDir  where to write the env file
     * @param files   compose files, relative to {@code root}; the first one's folder is the project folder
     */
    Compose(Path root, String project, Path envDir, List<String> files) {
        this.root = root;
        this.project = project;
        this.files = files.stream().map(root::resolve).toList();
        this.envFile = envDir.resolve(project + ".env");
    }

    /** Sets a variable of the env file (written before each command). */
    Compose env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Compose env(Map<String, String> values) {
        env.putAll(values);
        return this;
    }

    String project() {
        return project;
    }

    /** Runs {@code docker-compose ARGS} and returns its output; fails the test with that output when it fails. */
    String run(Duration timeout, String... args) {
        writeEnv();
        List<String> command = new ArrayList<>(List.of("docker-compose", "--ansi", "never", "-p", project));
        for (Path file : files) {
            command.add("-f");
            command.add(file.toString());
        }
        command.add("--env-file");
        command.add(envFile.toString());
        command.addAll(List.of(args));
        return exec(root, timeout, command);
    }

    /** The ids of the project's containers, running or not. */
    List<String> containerIds() {
        String out = exec(
                root,
                Duration.ofSeconds(30),
                List.of("docker", "ps", "-a", "-q", "--filter", "label=com.docker.compose.project=" + project));
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * The container id of {@code service}'s first instance, asked of Compose itself: v1 names containers
     * {@code project_service_1}, v2 {@code project-service-1}.
     */
    String container(String service) {
        String ids = run(Duration.ofSeconds(30), "ps", "-q", service);
        return ids.lines()
                .map(String::strip)
                .filter(l -> l.matches("[0-9a-f]{12,64}"))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no container of service " + service + " in " + project + ": " + ids));
    }

    /**
     * Waits until every container of the project is healthy (or running, when it has no healthcheck) and returns
     * each one's state; fails with the states and the unhealthy ones' last log lines when {@code timeout} passes.
     */
    Map<String, String> awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, String> states = Map.of();
        while (Instant.now().isBefore(deadline)) {
            states = states();
            boolean allUp = !states.isEmpty() && states.values().stream().allMatch(Compose::up);
            if (allUp) {
                return states;
            }
            sleep(Duration.ofSeconds(2));
        }
        StringBuilder logs = new StringBuilder();
        states.forEach((name, state) -> {
            if (!up(state)) {
                logs.append("\n--- ")
                        .append(name)
                        .append(" (")
                        .append(state)
                        .append("), last lines:\n")
                        .append(tail(name, 30));
            }
        });
        throw new AssertionError(
                "not every container of " + project + " became healthy within " + timeout + ": " + states + logs);
    }

    /** Healthy, running without a healthcheck, or a one-shot container that finished well (es-certs). */
    private static boolean up(String state) {
        return state.equals("healthy") || state.equals("running") || state.equals("exited 0");
    }

    /** Container name to its health ("healthy", "starting", "unhealthy"), or its state when it has no healthcheck. */
    Map<String, String> states() {
        List<String> ids = containerIds();
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<String> command = new ArrayList<>(List.of(
                "docker",
                "inspect",
                "--format",
                "{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}"
                        + "{{if eq .State.Status \"exited\"}}-{{.State.ExitCode}}{{end}}"));
        command.addAll(ids);
        Map<String, String> states = new TreeMap<>();
        for (String line : exec(root, Duration.ofSeconds(30), command).lines().toList()) {
            String[] parts = line.strip().split(" ", 2);
            if (parts.length == 2) {
                String name = parts[0].startsWith("/") ? parts[0].substring(1) : parts[0];
                String state = parts[1].replaceFirst("^(healthy|starting|unhealthy)-\\d+$", "$1")
                        .replaceFirst("^exited-", "exited ");
                states.put(name, state);
            }
        }
        return states;
    }

    /** The last {@code lines} log lines of a container. */
    String tail(String container, int lines) {
        return execAllowingFailure(
                root, Duration.ofSeconds(30), List.of("docker", "logs", "--tail", Integer.toString(lines), container));
    }

    /**
     * {@code down -v --remove-orphans}, then checks nothing of the project is left. Should {@code down} fail, the
     * project's containers, networks and volumes are removed by its label all the same, and the env file (it holds
     * the passwords) is always deleted.
     */
    @Override
    public void close() {
        AssertionError failure = null;
        try {
            run(Duration.ofMinutes(5), "down", "-v", "--remove-orphans", "--timeout", "20");
        } catch (AssertionError e) {
            failure = e;
        } finally {
            try {
                Files.deleteIfExists(envFile);
            } catch (IOException e) {
                System.out.println("Compose: could not delete " + envFile + ": " + e);
            }
        }
        List<String> left = leftovers();
        if (!left.isEmpty()) {
            removeByLabel();
            AssertionError leak = new AssertionError("docker-compose down -v left " + left + " of project " + project);
            if (failure != null) {
                leak.addSuppressed(failure);
            }
            throw leak;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Containers, networks and volumes carrying this project's label. */
    private List<String> leftovers() {
        List<String> left = new ArrayList<>(containerIds());
        for (String kind : List.of("network", "volume")) {
            left.addAll(execAllowingFailure(
                            root,
                            Duration.ofSeconds(30),
                            List.of(
                                    "docker",
                                    kind,
                                    "ls",
                                    "-q",
                                    "--filter",
                                    "label=com.docker.compose.project=" + project))
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.contains(" "))
                    .toList());
        }
        return left;
    }

    /** The fallback when {@code down} failed or left something: remove everything with the project's label. */
    private void removeByLabel() {
        String label = "label=com.docker.compose.project=" + project;
        execAllowingFailure(
                root,
                Duration.ofMinutes(2),
                List.of(
                        "sh",
                        "-c",
                        "docker ps -aq --filter " + label + " | xargs -r docker rm -f -v; "
                                + "docker network ls -q --filter " + label + " | xargs -r docker network rm; "
                                + "docker volume ls -q --filter " + label + " | xargs -r docker volume rm -f"));
    }

    private void writeEnv() {
        String text = env.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        try {
            Files.createDirectories(envFile.getParent());
            Files.writeString(envFile, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + envFile, e);
        }
    }

    /** Runs a command in {@code dir}; its output (stdout and stderr) or an AssertionError with it. */
    static String exec(Path dir, Duration timeout, List<String> command) {
        Result result = execute(dir, timeout, command);
        if (result.exit() != 0) {
            throw new AssertionError(
                    String.join(" ", command) + " exited " + result.exit() + ":\n" + lastLines(result.output(), 60));
        }
        return result.output();
    }

    static String execAllowingFailure(Path dir, Duration timeout, List<String> command) {
        return execute(dir, timeout, command).output();
    }

    /** A finished command. */
    record Result(int exit, String output) {}

    static Result execute(Path dir, Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("compose-", ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                            + lastLines(Files.readString(out, StandardCharsets.UTF_8), 40));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String lastLines(String text, int n) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
