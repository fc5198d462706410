package dev.brook.operator.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What one benchmark phase cost this JVM (operator + mock API server + benchmark clients, all in
 * one process) and the Kafka processes it started: heap peaks (sampled, per-pool peaks, after GC),
 * GC count and time, RSS high-water mark (VmHWM, reset per phase when the kernel allows it), CPU
 * seconds, and Admin requests of the operator's topic interface.
 */
final class PhaseMeter implements AutoCloseable {
    record Result(Duration wall, long adminRequests, long sampledPeakHeap, long poolPeakSum, long maxAfterGc, long heapMax,
            long gcCount, long gcMillis, long vmHwm, boolean hwmReset, long vmRss, double jvmCpuSeconds, double kafkaCpuSeconds) {
    }

    private final LongSupplier requests;
    private final long startNanos = System.nanoTime();
    private final long startRequests;
    private final long startGcCount;
    private final long startGcMillis;
    private final double startJvmCpu;
    private final double startKafkaCpu;
    private final boolean hwmReset;
    private final AtomicLong sampledPeak = new AtomicLong();
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final Thread sampler;
    private final NotificationListener gcListener = this::onGc;
    private volatile boolean running = true;

    PhaseMeter(LongSupplier requests) {
        this.requests = requests;
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        this.hwmReset = resetHighWaterMark();
        this.startRequests = requests.getAsLong();
        this.startGcCount = gcCount();
        this.startGcMillis = gcMillis();
        this.startJvmCpu = jvmCpuSeconds();
        this.startKafkaCpu = childrenCpuSeconds();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(gcListener, null, null);
        }
        sampler = new Thread(() -> {
            while (running) {
                sampledPeak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    Result stop() {
        running = false;
        sampler.interrupt();
        Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
        long poolPeaks = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Result(wall, requests.getAsLong() - startRequests, sampledPeak.get(), poolPeaks, maxAfterGc.get(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax(), gcCount() - startGcCount,
                gcMillis() - startGcMillis, procStatusKb("VmHWM") * 1024, hwmReset, procStatusKb("VmRSS") * 1024,
                jvmCpuSeconds() - startJvmCpu, childrenCpuSeconds() - startKafkaCpu);
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long after = 0;
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (isHeapPool(e.getKey())) {
                after += e.getValue().getUsed();
            }
        }
        maxAfterGc.accumulateAndGet(after, Math::max);
    }

    private static boolean isHeapPool(String name) {
        return heapPools().stream().anyMatch(p -> p.getName().equals(name));
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    static double jvmCpuSeconds() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** CPU of every process this JVM started (the ZooKeeper and broker JVMs of the local cluster). */
    static double childrenCpuSeconds() {
        return ProcessHandle.current().descendants()
                .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(0.0)).sum();
    }

    /** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+), so each phase gets its own peak. */
    private static boolean resetHighWaterMark() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: reported as 0
        }
        return 0;
    }

    static MemoryUsage heapNow() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(gcListener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
