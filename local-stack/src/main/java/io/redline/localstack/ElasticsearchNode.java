package io.redline.localstack;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A single-node Elasticsearch on 127.0.0.1, run from the integ-test-zip distribution, with its config, data and
 * logs in an instance directory of ours that survives restarts.
 *
 * <p>The zip is unpacked once into a shared cache ({@code StackDirs.root()/elasticsearch-VERSION} unless set with
 * {@link #distributionCache}). Elasticsearch refuses to run as root, so when we are root it runs as the system user
 * {@value #USER} (created if missing) through runuser, and the instance directory is handed to that user. That user
 * must be able to traverse every directory on the way to the distribution, the instance directory and the JDK;
 * {@link #start()} checks this and names the first directory in the way. {@link StackDirs#root()} is a place that
 * works.
 *
 * <p>Layout of the instance directory: {@code config/} (copied from the distribution on first start, then kept),
 * {@code data/}, {@code logs/} (Elasticsearch's own logs, GC log), {@code tmp/} and {@code console.log} (the
 * process output).
 */
public final class ElasticsearchNode implements AutoCloseable {

    /** The system user Elasticsearch runs as when we are root. */
    public static final String USER = "redline-es";

    private static final System.Logger LOG = System.getLogger(ElasticsearchNode.class.getName());

    private final Path instanceDir;
    private final int httpPort;
    private String javaOpts = "-Xms512m -Xmx512m";
    private Path distributionCache;
    private ManagedProcess process;

    /** A node answering HTTP on {@code httpPort}, keeping everything in {@code instanceDir}. */
    public ElasticsearchNode(Path instanceDir, int httpPort) {
        this.instanceDir = instanceDir.toAbsolutePath();
        this.httpPort = httpPort;
    }

    /** A node on a free port. */
    public static ElasticsearchNode onFreePort(Path instanceDir) {
        return new ElasticsearchNode(instanceDir, FreePorts.next());
    }

    /** A default instance directory other users can traverse: {@code StackDirs.root()/NAME}. */
    public static Path defaultInstanceDir(String name) {
        return StackDirs.root().resolve(name);
    }

    /** JVM options for the server (ES_JAVA_OPTS); default {@code -Xms512m -Xmx512m}. Applies from the next start. */
    public synchronized ElasticsearchNode javaOpts(String javaOpts) {
        this.javaOpts = javaOpts;
        return this;
    }

    /** Where the zip is unpacked (once, shared by all instances); default {@link StackDirs#root()}. */
    public synchronized ElasticsearchNode distributionCache(Path directory) {
        this.distributionCache = directory.toAbsolutePath();
        return this;
    }

    /** Prepares the instance directory and starts the node; returns without waiting (see {@link #awaitReady}). */
    public synchronized ElasticsearchNode start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Elasticsearch already running: " + process);
        }
        Path home = distribution();
        String user = runningAsRoot() ? ensureUser() : null;
        try {
            for (String dir : List.of("data", "logs", "tmp")) {
                Files.createDirectories(instanceDir.resolve(dir));
            }
            if (!Files.exists(configDir().resolve("elasticsearch.yml"))) {
                copyTree(home.resolve("config"), configDir());
            }
            if (user != null) {
                chownTree(instanceDir, user);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the Elasticsearch instance directory " + instanceDir, e);
        }
        checkAccess(user, home);

        List<String> command = new ArrayList<>();
        if (user != null) {
            command.addAll(List.of("runuser", "-u", user, "--"));
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        for (String setting : List.of(
                "discovery.type=single-node",
                "xpack.security.enabled=false",
                "network.host=127.0.0.1",
                "http.port=" + httpPort,
                "transport.port=" + FreePorts.next(),
                "path.data=" + instanceDir.resolve("data"),
                "path.logs=" + instanceDir.resolve("logs"),
                "cluster.name=redline-local",
                // A nearly full disk would otherwise make every index read-only mid-test.
                "cluster.routing.allocation.disk.threshold_enabled=false")) {
            command.add("-E");
            command.add(setting);
        }
        Map<String, String> env = new HashMap<>();
        env.put("ES_JAVA_HOME", System.getProperty("java.home"));
        env.put("ES_JAVA_OPTS", javaOpts);
        env.put("ES_PATH_CONF", configDir().toString());
        env.put("ES_TMPDIR", instanceDir.resolve("tmp").toString());
        // The start script warns about (or ignores) these; they are ours, not meant for Elasticsearch.
        for (String unwanted : List.of("JAVA_HOME", "JAVA_OPTS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
            env.put(unwanted, null);
        }
        LOG.log(
                Level.INFO,
                "Starting Elasticsearch {0} on port {1,number,#}{2}; data, config and logs in {3}",
                StackArtifacts.load().elasticsearchVersion(),
                httpPort,
                user == null ? "" : " as user " + user,
                instanceDir);
        process = ManagedProcess.start("elasticsearch", command, env, instanceDir, instanceDir.resolve("console.log"));
        return this;
    }

    /**
     * Waits until the cluster health is at least yellow ({@code GET /} answers 405 on this distribution), failing
     * early with the end of the output if the node exits, and logs one line saying where it runs.
     */
    public void awaitReady(Duration timeout) {
        ManagedProcess current = requireStarted();
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI healthUri = URI.create(httpUrl() + "/_cluster/health?wait_for_status=yellow&timeout=2s");
        HttpRequest health = HttpRequest.newBuilder(healthUri)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        while (true) {
            Integer exit = current.exitCode();
            if (exit != null) {
                throw new IllegalStateException("Elasticsearch exited with code " + exit + " while starting; end of "
                        + current.logFile() + ":\n" + current.logTail(40));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Elasticsearch on " + httpUrl() + " not ready within "
                        + timeout.toSeconds() + " s; end of " + current.logFile() + ":\n" + current.logTail(40));
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Elasticsearch", e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Elasticsearch", e);
            }
        }
        LOG.log(
                Level.INFO,
                "Elasticsearch {0} ready on {1} (pid {2,number,#}, data {3})",
                StackArtifacts.load().elasticsearchVersion(),
                httpUrl(),
                current.pid(),
                instanceDir.resolve("data"));
    }

    /** {@code http://127.0.0.1:PORT} */
    public String httpUrl() {
        return "http://" + hostAndPort();
    }

    /** {@code 127.0.0.1:PORT}, for {@code quarkus.elasticsearch.hosts}. */
    public String hostAndPort() {
        return "127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path instanceDir() {
        return instanceDir;
    }

    /** The process output; Elasticsearch's own logs are in {@code logs/}. */
    public Path logFile() {
        return instanceDir.resolve("console.log");
    }

    /** Pid of the started process (runuser when we are root), which is also its process group id. */
    public synchronized long pid() {
        return requireStarted().pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the node gracefully, waiting up to 30 s before killing it. */
    public void stop() {
        stop(Duration.ofSeconds(30));
    }

    public synchronized void stop(Duration timeout) {
        if (process != null) {
            process.stop(timeout);
        }
    }

    /** SIGKILLs the node, as a crash would; {@link #start()} brings it back with the same data and port. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "Elasticsearch on " + httpUrl() + " (instance " + instanceDir + ")";
    }

    private Path configDir() {
        return instanceDir.resolve("config");
    }

    private synchronized ManagedProcess requireStarted() {
        if (process == null) {
            throw new IllegalStateException("Elasticsearch not started: " + this);
        }
        return process;
    }

    /** The unpacked distribution, unpacking the zip first if no one has yet. */
    private Path distribution() {
        Path cache = distributionCache != null ? StackDirs.createOpenDirectory(distributionCache) : StackDirs.root();
        Path home = cache.resolve("elasticsearch-" + StackArtifacts.load().elasticsearchVersion());
        if (Files.isRegularFile(home.resolve("bin/elasticsearch"))) {
            return home;
        }
        synchronized (ElasticsearchNode.class) {
            if (Files.isRegularFile(home.resolve("bin/elasticsearch"))) {
                return home;
            }
            deleteAbandonedUnpackDirs(cache);
            Path zip = StackArtifacts.load().elasticsearchZip();
            LOG.log(Level.INFO, "Unpacking {0} into {1}", zip, home);
            Path temp = null;
            try {
                // Unpack beside the target, then rename: other JVMs never see a half-unpacked distribution.
                temp = Files.createTempDirectory(cache, ".unpacking-");
                Path unpacked = unzip(zip, temp);
                try {
                    Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                    // another JVM finished first: use its copy
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot unpack " + zip + " into " + cache, e);
            } finally {
                if (temp != null) {
                    StackDirs.deleteRecursively(temp);
                }
            }
            return home;
        }
    }

    /** Unpacks the zip into {@code target} and returns its single top-level directory. */
    private static Path unzip(Path zip, Path target) throws IOException {
        Path top = null;
        try (ZipFile zipFile = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = zipFile.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target) || path.equals(target)) {
                    throw new IOException("Unexpected entry in " + zip + ": " + entry.getName());
                }
                if (top == null) {
                    top = target.resolve(target.relativize(path).getName(0));
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    try (InputStream in = zipFile.getInputStream(entry)) {
                        Files.copy(in, path);
                    }
                }
            }
        }
        if (top == null) {
            throw new IOException(zip + " is empty");
        }
        // java.util.zip drops Unix modes, and the zip's own are partly owner-only anyway: make everything readable
        // by the Elasticsearch user, and the scripts executable.
        Path root = top;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                boolean executable =
                        Files.isDirectory(path) || root.relativize(path).startsWith("bin");
                String mode = executable ? "rwxr-xr-x" : "rw-r--r--";
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
            }
        }
        return top;
    }

    /** Temp dirs left by a JVM killed while unpacking (about 200 MB each). */
    private static void deleteAbandonedUnpackDirs(Path cache) {
        FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(cache, ".unpacking-*")) {
            for (Path dir : dirs) {
                if (Files.getLastModifiedTime(dir).compareTo(hourAgo) < 0) {
                    StackDirs.deleteRecursively(dir);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Cannot list " + cache, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void chownTree(Path dir, String user) throws IOException {
        UserPrincipal owner =
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setOwner(path, owner);
            }
        }
    }

    private static boolean runningAsRoot() {
        return new UnixSystem().getUid() == 0;
    }

    /** Creates the system user unless it exists; tolerates another JVM creating it at the same time. */
    private static String ensureUser() {
        String output = "";
        for (int attempt = 0; attempt < 10; attempt++) {
            if (run("id", "-u", USER).exitCode == 0) {
                return USER;
            }
            Result useradd = run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER);
            if (useradd.exitCode == 0) {
                LOG.log(Level.INFO, "Created system user {0} to run Elasticsearch (it refuses to run as root)", USER);
                return USER;
            }
            // Exit 9: created by someone else meanwhile (checked at the top); 10: /etc/passwd locked by them.
            output = useradd.output;
            sleep(Duration.ofMillis(300));
        }
        throw new IllegalStateException("Cannot create the system user " + USER + " that runs Elasticsearch "
                + "(it refuses to run as root): useradd said: " + output.trim());
    }

    /**
     * Fails with a clear message unless the Elasticsearch user can traverse every directory on the paths it uses,
     * read the distribution and write its instance directories.
     */
    private void checkAccess(String user, Path home) {
        // Every directory from / down, so that the first failure named is the topmost one (e.g. /root).
        Set<String> checks = new LinkedHashSet<>();
        for (Path path : List.of(instanceDir, home, Path.of(System.getProperty("java.home")))) {
            Path dir = path.getRoot();
            for (Path name : path) {
                dir = dir.resolve(name);
                checks.add("x:" + dir);
            }
        }
        for (String file : List.of("lib", "modules", "bin/elasticsearch")) {
            checks.add("r:" + home.resolve(file));
        }
        checks.add("x:" + home.resolve("bin/elasticsearch"));
        for (String dir : List.of("config", "data", "logs", "tmp")) {
            checks.add("w:" + instanceDir.resolve(dir));
        }
        // Asked as that user, so that groups and ACLs count as they will for Elasticsearch.
        List<String> command = new ArrayList<>();
        if (user != null) {
            command.addAll(List.of("runuser", "-u", user, "--"));
        }
        command.addAll(List.of(
                "sh",
                "-c",
                "for c; do test -\"${c%%:*}\" \"${c#*:}\" || { echo \"$c\"; exit 1; }; done",
                "check-access"));
        command.addAll(checks);
        Result result = run(command.toArray(String[]::new));
        if (result.exitCode != 0) {
            String failed = result.output.trim();
            String who = user != null ? "user " + user : "user " + System.getProperty("user.name");
            if (failed.length() > 2 && failed.charAt(1) == ':') {
                Path path = Path.of(failed.substring(2));
                String what = switch (failed.charAt(0)) {
                    case 'x' -> Files.isDirectory(path) ? "traverse directory" : "execute";
                    case 'r' -> "read";
                    default -> "write to";
                };
                throw new IllegalStateException("Elasticsearch runs as " + who + ", which cannot " + what + " " + path
                        + " (" + describe(path) + "). Put the instance directory somewhere every user can reach, "
                        + "such as " + StackDirs.root() + ", or open up that directory.");
            }
            throw new IllegalStateException("Cannot check what " + who + " can access: " + failed);
        }
    }

    private static String describe(Path path) {
        try {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
            return mode + ", owner " + Files.getOwner(path);
        } catch (IOException e) {
            return "cannot read its mode: " + e.getMessage();
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
