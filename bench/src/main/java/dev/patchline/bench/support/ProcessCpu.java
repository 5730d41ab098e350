package dev.patchline.bench.support;

import java.lang.management.ManagementFactory;

/** CPU time of the whole bench JVM, all threads: what the benchmarks divide by the work done to report CPU per item. */
public final class ProcessCpu {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {}

    /** Process CPU time so far, in nanoseconds. */
    public static long nanos() {
        return OS.getProcessCpuTime();
    }
}
