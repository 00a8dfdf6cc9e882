package io.redline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Assertions that a started server runs in its own process group and leaves no process behind. */
final class ProcessAssertions {

    private ProcessAssertions() {}

    /** The process and all its descendants (for Elasticsearch: runuser, the launcher JVM, the server JVM). */
    static List<Long> processTree(long pid) {
        ProcessHandle root = ProcessHandle.of(pid).orElseThrow();
        return Stream.concat(Stream.of(root), root.descendants())
                .map(ProcessHandle::pid)
                .collect(Collectors.toList());
    }

    /** True while the process or any member of its process group (the pid is the group id) is alive. */
    static boolean anythingAlive(long pid) {
        return isAlive(pid) || !ManagedProcess.processGroupMembers(pid).isEmpty();
    }

    /** The server leads its own process group, with all its descendants in it: what lets stop and kill reach them. */
    static void assertRunsAsGroupLeader(long pid) {
        // The watchdog forks a short-lived `sleep` every second: only processes seen both before and after
        // reading the group can be required in it, or one born in between fails the check.
        List<Long> before = processTree(pid);
        List<Long> group = ManagedProcess.processGroupMembers(pid);
        List<Long> stable = processTree(pid).stream().filter(before::contains).toList();
        assertThat(group).as("members of process group %d", pid).containsAll(stable);
    }

    /** Nothing of {@code tree} is alive, nor anything else in the process group {@code pid}. */
    static void assertNothingLeft(long pid, List<Long> tree) {
        assertThat(tree)
                .as("processes of the tree still alive")
                .filteredOn(ProcessAssertions::isAlive)
                .isEmpty();
        assertThat(ManagedProcess.processGroupMembers(pid))
                .as("processes left in group %d", pid)
                .isEmpty();
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
