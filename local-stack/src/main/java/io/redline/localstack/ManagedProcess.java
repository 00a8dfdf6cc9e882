package io.redline.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A child process run in its own process group, with its output in a log file, that never outlives the JVM that
 * started it.
 *
 * <p>Why a process group: the servers fork (Elasticsearch runs runuser, a launcher JVM and the server JVM), so
 * signalling only the direct child would orphan the rest. Each child is started as
 * {@code setsid sh -c WRAPPER}: setsid gives it a process group of its own (its pid is the group id), and the
 * wrapper starts a watchdog in that group before exec'ing the real command. The watchdog polls the starting JVM
 * once a second and kills the whole group once that JVM is gone, which covers the JVM being SIGKILLed, where no
 * shutdown hook runs. Normal JVM exits (including Ctrl-C and SIGTERM) stop every live child gracefully from a
 * shutdown hook. Linux only (it reads /proc and needs setsid from util-linux).
 */
public final class ManagedProcess {

    private static final System.Logger LOG = System.getLogger(ManagedProcess.class.getName());

    /**
     * Runs as {@code sh -c WRAPPER NAME JVM_PID COMMAND...}. The watchdog leaves its loop when the JVM or the
     * command itself ({@code $$}, which exec becomes) is gone, then SIGKILLs its process group (pid 0), itself
     * included. It dies with the group on a graceful stop, so it never lingers.
     */
    private static final String WRAPPER = "jvm=$1; shift; "
            + "(while kill -0 \"$jvm\" 2>/dev/null && kill -0 $$ 2>/dev/null; do sleep 1; done; kill -s KILL 0) "
            + "</dev/null >/dev/null 2>&1 & "
            + "exec \"$@\"";

    /** Children not yet stopped, in start order. */
    private static final Set<ManagedProcess> LIVE = Collections.synchronizedSet(new LinkedHashSet<>());

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ManagedProcess::stopAllAtExit, "redline-stop-children"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;

    private ManagedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} in {@code workDir} with the current environment plus {@code env} (a null value removes
     * a variable), appending its stdout and stderr to {@code logFile}.
     */
    public static ManagedProcess start(
            String name, List<String> command, Map<String, String> env, Path workDir, Path logFile) {
        List<String> full = new ArrayList<>(List.of(
                "setsid",
                "sh",
                "-c",
                WRAPPER,
                name,
                Long.toString(ProcessHandle.current().pid())));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile());
        env.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            String header = "==== " + Instant.now() + " starting " + name + ": " + String.join(" ", command);
            Files.writeString(
                    logFile,
                    header + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            ManagedProcess started = new ManagedProcess(name, builder.start(), logFile);
            LIVE.add(started);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    public String name() {
        return name;
    }

    /** Pid of the started command, which is also the id of its process group. */
    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** True while the command or anything left in its process group runs. */
    public boolean isAlive() {
        return process.isAlive() || !processGroupMembers(pid()).isEmpty();
    }

    /** Waits for the command to exit by itself; returns its exit code, or null on timeout. */
    public Integer waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Exit code of the command, or null while it runs. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** Sends SIGTERM to the whole process tree, waits up to {@code timeout}, then SIGKILLs what is left. */
    public synchronized void stop(Duration timeout) {
        try {
            if (!isAlive()) {
                return;
            }
            List<ProcessHandle> tree = tree();
            signal("TERM", tree);
            if (!awaitGone(tree, timeout)) {
                LOG.log(
                        Level.WARNING,
                        "{0} (pid {1}) did not stop within {2} s after SIGTERM; killing it",
                        name,
                        pid(),
                        timeout.toSeconds());
                forceKill();
            }
        } finally {
            LIVE.remove(this);
        }
    }

    /** SIGKILLs the whole process tree at once, as a crash would, and returns once it is gone. */
    public synchronized void kill() {
        try {
            forceKill();
        } finally {
            LIVE.remove(this);
        }
    }

    /** The last {@code lines} lines of the log file, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }

    private void forceKill() {
        List<ProcessHandle> tree = tree();
        signal("KILL", tree);
        if (!awaitGone(tree, Duration.ofSeconds(10))) {
            // Only a process stuck in the kernel (uninterruptible I/O) survives SIGKILL this long.
            throw new IllegalStateException(
                    name + " (pid " + pid() + ") survived SIGKILL for 10 s: " + processGroupMembers(pid()));
        }
    }

    /** The command and its descendants; descendants that left our process group are signalled one by one. */
    private List<ProcessHandle> tree() {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        return tree;
    }

    private void signal(String signal, List<ProcessHandle> tree) {
        signalGroup(signal);
        for (ProcessHandle handle : tree) {
            if ("KILL".equals(signal)) {
                handle.destroyForcibly();
            } else {
                handle.destroy();
            }
        }
    }

    private void signalGroup(String signal) {
        // Signalling the group is atomic even against processes forking right now; the shell builtin avoids
        // depending on a kill binary being installed. It fails harmlessly when the group is already empty.
        try {
            Process kill = new ProcessBuilder("sh", "-c", "kill -s " + signal + " -- -" + pid() + " 2>/dev/null")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot run kill for " + this, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitGone(List<ProcessHandle> tree, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean gone = tree.stream().noneMatch(ProcessHandle::isAlive)
                    && processGroupMembers(pid()).isEmpty();
            if (gone) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Pids of the live (not zombie) processes in process group {@code pgid}, read from /proc. */
    static List<Long> processGroupMembers(long pgid) {
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                String stat;
                try {
                    stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
                } catch (IOException | UncheckedIOException e) {
                    continue; // the process ended while we looked
                }
                // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so cut at the last ')'.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (!"Z".equals(fields[0]) && Long.parseLong(fields[2]) == pgid) {
                    members.add(Long.parseLong(proc.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list /proc", e);
        }
        return members;
    }

    /**
     * Stops the children one by one, last started first: a service started after the servers it uses stops before
     * them, and an orchestrator's own shutdown hook stopping them in its order concurrently is not disturbed (each
     * stop waits for one already under way).
     */
    private static void stopAllAtExit() {
        List<ManagedProcess> children;
        synchronized (LIVE) {
            children = new ArrayList<>(LIVE);
        }
        Collections.reverse(children);
        for (ManagedProcess child : children) {
            try {
                child.stop(Duration.ofSeconds(15));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Cannot stop " + child + " at exit", e);
            }
        }
    }
}
