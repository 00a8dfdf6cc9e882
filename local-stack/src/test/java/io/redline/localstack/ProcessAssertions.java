package io.redline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions that a started server left no process behind. */
final class ProcessAssertions {

    private ProcessAssertions() {
    }

    /** True while the process or any member of its process group (the pid is the group id) is alive. */
    static boolean anythingAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                || !ManagedProcess.processGroupMembers(pid).isEmpty();
    }

    static void assertNothingLeft(long pid) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("process %d is alive", pid).isFalse();
        assertThat(ManagedProcess.processGroupMembers(pid)).as("processes left in group %d", pid).isEmpty();
    }
}
