package io.callvault.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a fixed number of operations on a fixed number of threads, each thread taking the next index as
 * soon as it is free (a closed loop, as the RWS posts), and times every operation and the whole run.
 * The first failure stops the run: a benchmark with failed writes measures nothing.
 */
final class ConcurrentLoad {
    @FunctionalInterface
    interface Operation {
        void run(int index) throws Exception;
    }

    private ConcurrentLoad() {}

    static LoadResult run(int operations, int threads, Operation operation) {
        long[] latencies = new long[operations];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    try {
                        go.await();
                        for (int i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
                            long begin = System.nanoTime();
                            operation.run(i);
                            latencies[i] = System.nanoTime() - begin;
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        next.set(operations);
                    } finally {
                        done.countDown();
                    }
                });
            }
            long begin = System.nanoTime();
            go.countDown();
            done.await();
            long elapsed = System.nanoTime() - begin;
            if (failure.get() != null) {
                throw new IllegalStateException("benchmark operation failed: " + failure.get(), failure.get());
            }
            return new LoadResult(operations, elapsed, latencies);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
