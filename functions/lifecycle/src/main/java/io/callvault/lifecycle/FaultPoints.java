package io.callvault.lifecycle;

import io.callvault.core.sfn.TransientStorageException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points in the lifecycle steps where a test makes the step die, as a Lambda that runs out of time or memory
 * would, after the work before the point is stored and before the rest: the crash tests' way to prove that a retried or
 * resumed run neither redoes nor skips work. Inert unless a test in the same JVM arms a point (the local runtime hosts
 * the handlers in-process); nothing in a deployed function arms one.
 */
public final class FaultPoints {
    private static final Map<String, AtomicInteger> ARMED = new ConcurrentHashMap<>();
    private static final Map<String, Runnable> ACTIONS = new ConcurrentHashMap<>();

    private FaultPoints() {}

    /** The next {@code times} passes through {@code point} fail. */
    public static void arm(String point, int times) {
        ARMED.put(point, new AtomicInteger(times));
    }

    /** The next pass through {@code point} runs {@code action} (something another actor does at that moment) and goes on. */
    public static void once(String point, Runnable action) {
        ACTIONS.put(point, action);
    }

    public static void disarmAll() {
        ARMED.clear();
        ACTIONS.clear();
    }

    /** Dies here if a test armed this point (as a retryable failure: the state machine retries the step). */
    public static void hit(String point) {
        Runnable action = ACTIONS.remove(point);
        if (action != null) {
            action.run();
        }
        AtomicInteger left = ARMED.get(point);
        if (left != null && left.getAndDecrement() > 0) {
            throw new TransientStorageException("injected crash at " + point, null);
        }
    }
}
