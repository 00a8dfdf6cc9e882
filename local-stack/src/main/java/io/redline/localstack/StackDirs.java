package io.redline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local stack's directories: a root that other users can traverse, because Elasticsearch runs as its own user
 * when we are root, and throw-away run directories under it.
 *
 * <p>The root is {@code /var/tmp/redline} (survives reboots' /tmp cleaning, world-traversable parent), unless the
 * system property {@value #ROOT_PROPERTY} or the environment variable {@value #ROOT_ENV} names another. A project
 * clone is a poor place for it: under /root it is mode 700, so the Elasticsearch user could not reach it.
 */
public final class StackDirs {

    public static final String ROOT_PROPERTY = "redline.stack.dir";
    public static final String ROOT_ENV = "REDLINE_STACK_DIR";

    private static final System.Logger LOG = System.getLogger(StackDirs.class.getName());
    private static final Pattern RUN_DIR = Pattern.compile(".+-(\\d+)-[0-9a-f]{8}");

    private StackDirs() {}

    /** The root directory, created with mode 755 if missing. */
    public static Path root() {
        String configured = System.getProperty(ROOT_PROPERTY, System.getenv(ROOT_ENV));
        if (configured != null && !configured.isBlank()) {
            return createOpenDirectory(Path.of(configured).toAbsolutePath());
        }
        Path preferred = Path.of("/var/tmp/redline");
        try {
            Path root = createOpenDirectory(preferred);
            if (Files.isWritable(root)) {
                return root;
            }
        } catch (UncheckedIOException e) {
            // fall through: e.g. another user owns /var/tmp/redline
        }
        return createOpenDirectory(
                Path.of(System.getProperty("java.io.tmpdir"), "redline-" + System.getProperty("user.name")));
    }

    /**
     * A new, empty directory {@code root/runs/PURPOSE-PID-RANDOM}, mode 755. Run directories of JVMs that died
     * without cleaning up (SIGKILL) are deleted the first time this is called in a JVM.
     */
    public static Path newRunDir(String purpose) {
        Path runs = createOpenDirectory(root().resolve("runs"));
        deleteStaleRunDirsOnce(runs);
        String random = UUID.randomUUID().toString().substring(0, 8);
        String name = purpose + "-" + ProcessHandle.current().pid() + "-" + random;
        return createOpenDirectory(runs.resolve(name));
    }

    /** Deletes a directory tree; a missing directory is fine. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "Cannot delete " + dir + " completely", e);
        }
    }

    /**
     * Creates the directory and its missing parents with mode 755 (whatever the umask), so that another user can
     * traverse them. Directories that already exist are left as they are.
     */
    static Path createOpenDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path topmostMissing = dir;
        while (topmostMissing.getParent() != null && !Files.exists(topmostMissing.getParent())) {
            topmostMissing = topmostMissing.getParent();
        }
        try {
            Files.createDirectories(dir);
            for (Path created = dir; ; created = created.getParent()) {
                try {
                    Files.setPosixFilePermissions(created, PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (IOException e) {
                    // created concurrently by another user: leave it; the Elasticsearch access check names it if needed
                }
                if (created.equals(topmostMissing)) {
                    break;
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create directory " + dir, e);
        }
    }

    private static volatile boolean staleRunDirsDeleted;

    private static synchronized void deleteStaleRunDirsOnce(Path runs) {
        if (staleRunDirsDeleted) {
            return;
        }
        staleRunDirsDeleted = true;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runs)) {
            for (Path dir : dirs) {
                Matcher matcher = RUN_DIR.matcher(dir.getFileName().toString());
                if (matcher.matches()
                        && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty()) {
                    LOG.log(Level.INFO, "Deleting {0}, left by a JVM that is gone", dir);
                    deleteRecursively(dir);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot list " + runs, e);
        }
    }
}
