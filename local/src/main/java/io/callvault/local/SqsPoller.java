package io.callvault.local;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda's event source mapping for SQS, on the SQS stand-in (ElasticMQ): every {@code Type: SQS} event in
 * template.yaml becomes a mapping that long-polls the queue and invokes the function through {@link FunctionHost}
 * with an {@link SQSEvent}, passed through the Lambda runtime's serializers.
 *
 * <p>As Lambda does it: a batch holds up to {@code BatchSize} messages (a receive returns at most 10; with a
 * {@code MaximumBatchingWindowInSeconds}, receives go on until the batch is full or the window, counted from the
 * first message, is over); messages are received with the queue's own visibility timeout and every system and
 * message attribute. When the function returns, the batch's messages are deleted; when it throws, none is, and they
 * become visible again after the visibility timeout, so SQS's receive count and redrive policy move a message that
 * keeps failing to the dead-letter queue after {@code maxReceiveCount} receives. With {@code ReportBatchItemFailures}
 * the function's {@code batchItemFailures} are left and the rest deleted; a response that is not JSON, or an
 * {@code itemIdentifier} that is missing, empty or no message id of the batch, fails the whole batch; null, an empty
 * object or an empty list is success. Nothing is dropped here: what is not deleted is SQS's to redeliver (at least
 * once, as in AWS; a failed delete means a second delivery).
 *
 * <p>One poller thread per mapping, one batch at a time (Lambda scales pollers out; {@code ScalingConfig} caps that
 * at 2 or more, so it never limits this). Long polls last {@value #LONG_POLL_SECONDS} s, not Lambda's 20, so that
 * {@link #deliverNow()} waits at most that long for a poll in progress. A failing receive or delete (the stand-in
 * stopped) backs off from 200 ms to 10 s. Every action is one JSON line on standard error.
 */
public final class SqsPoller implements AutoCloseable {
    static final int LONG_POLL_SECONDS = 1;
    static final long INITIAL_BACKOFF_MILLIS = 200;
    static final long MAX_BACKOFF_MILLIS = 10_000;
    private static final int MAX_RECEIVE = 10;

    private final FunctionHost functions;
    private final List<Mapping> mappings = new ArrayList<>();
    private final ExecutorService threads;
    private volatile boolean closed;

    /**
     * Creates the template's SQS mappings.
     *
     * @param poll whether they poll in the background (the local runtime) or only when {@link #deliverNow()} is called
     */
    public SqsPoller(StandInStack stack, FunctionHost functions, boolean poll) {
        this.functions = functions;
        for (SamTemplate.SqsTrigger trigger : stack.template().sqsTriggers()) {
            if (!trigger.enabled()) {
                emit(line("disabled", trigger));
                continue;
            }
            if (!trigger.unsupportedProperties().isEmpty()) {
                ObjectNode line = line("unsupported-properties-ignored", trigger);
                trigger.unsupportedProperties().forEach(line.putArray("properties")::add);
                emit(line);
            }
            mappings.add(new Mapping(trigger, stack.sqs(), stack.queueUrl(trigger.queueLogicalId())));
        }
        threads = Executors.newFixedThreadPool(Math.max(1, mappings.size()), r -> {
            Thread t = new Thread(r, "sqs-event-source");
            t.setDaemon(true);
            return t;
        });
        if (poll) {
            mappings.forEach(m -> threads.execute(m::poll));
        }
    }

    /**
     * Delivers what the queues hold now, without waiting for batching windows, until no batch succeeds any more (the
     * queues are drained, or what is left fails and waits out its visibility timeout): the synchronous path for tests.
     * A background long poll in progress is waited for (at most {@value #LONG_POLL_SECONDS} s) and its batch delivered
     * first.
     *
     * @return messages handed to functions (failed ones included)
     */
    public int deliverNow() {
        int total = 0;
        int succeeded;
        do {
            succeeded = 0;
            for (Mapping m : mappings) {
                Outcome outcome = m.deliverNow();
                total += outcome.invoked;
                succeeded += outcome.deleted;
            }
        } while (succeeded > 0);
        return total;
    }

    /** How one or more batches went: messages handed to the function, and deleted after it succeeded on them. */
    private record Outcome(int invoked, int deleted) {
        static final Outcome NONE = new Outcome(0, 0);

        Outcome plus(Outcome other) {
            return new Outcome(invoked + other.invoked, deleted + other.deleted);
        }
    }

    /** One function's mapping on one queue. */
    private final class Mapping {
        final SamTemplate.SqsTrigger trigger;
        final SqsClient sqs;
        final String queueUrl;
        final String queueArn;
        /** Held while receiving and delivering, so a batch is never half-way when {@link #deliverNow()} looks. */
        final ReentrantLock lock = new ReentrantLock(true);
        /** Callers of {@link #deliverNow()} waiting: a batching window in progress is cut short for them. */
        final AtomicInteger waiting = new AtomicInteger();

        Mapping(SamTemplate.SqsTrigger trigger, SqsClient sqs, String queueUrl) {
            this.trigger = trigger;
            this.sqs = sqs;
            this.queueUrl = queueUrl;
            this.queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            ObjectNode line = line("mapping-created", trigger);
            line.put("queueUrl", queueUrl).put("batchSize", trigger.batchSize())
                    .put("maximumBatchingWindowInSeconds", trigger.maximumBatchingWindowSeconds())
                    .put("reportBatchItemFailures", trigger.reportBatchItemFailures());
            emit(line);
        }

        /** The background loop: long poll, deliver, repeat. */
        void poll() {
            long backoff = INITIAL_BACKOFF_MILLIS;
            while (!closed) {
                long pause = 0;
                lock.lock();
                try {
                    if (closed) {
                        return;
                    }
                    pass(false);
                    backoff = INITIAL_BACKOFF_MILLIS;
                } catch (Throwable e) {
                    if (closed) {
                        return;
                    }
                    ObjectNode line = line("poll-failed", trigger);
                    line.put("error", String.valueOf(e)).put("retryInMillis", backoff);
                    emit(line);
                    pause = backoff;
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                } finally {
                    lock.unlock();
                }
                if (pause > 0) {
                    sleep(pause);
                }
            }
        }

        Outcome deliverNow() {
            waiting.incrementAndGet();
            lock.lock();
            try {
                waiting.decrementAndGet();
                Outcome total = Outcome.NONE;
                while (true) {
                    Outcome outcome = pass(true);
                    total = total.plus(outcome);
                    if (outcome.invoked == 0 || outcome.deleted < outcome.invoked) {
                        return total;
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        /** Gathers one batch and delivers it; nothing when the queue has nothing visible. */
        private Outcome pass(boolean now) {
            List<Message> batch = gather(now);
            return batch.isEmpty() ? Outcome.NONE : deliver(batch);
        }

        private List<Message> gather(boolean now) {
            List<Message> batch = new ArrayList<>(receive(now ? 0 : LONG_POLL_SECONDS, trigger.batchSize()));
            if (batch.isEmpty()) {
                return batch;
            }
            long windowEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(trigger.maximumBatchingWindowSeconds());
            while (batch.size() < trigger.batchSize() && !closed) {
                long left = windowEnds - System.nanoTime();
                boolean windowOpen = !now && left > 0 && waiting.get() == 0;
                if (!windowOpen && trigger.batchSize() <= MAX_RECEIVE) {
                    // Lambda invokes with what one poll returned when there is no window to wait in.
                    break;
                }
                int wait = windowOpen ? (int) Math.min(LONG_POLL_SECONDS, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left))) : 0;
                List<Message> more = receive(wait, trigger.batchSize() - batch.size());
                if (more.isEmpty() && !windowOpen) {
                    break;
                }
                batch.addAll(more);
            }
            return batch;
        }

        private List<Message> receive(int waitSeconds, int wanted) {
            return sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                    .maxNumberOfMessages(Math.min(MAX_RECEIVE, wanted))
                    .waitTimeSeconds(waitSeconds)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
        }

        private Outcome deliver(List<Message> batch) {
            String response;
            try {
                response = functions.invokeForJson(trigger.functionLogicalId(), event(queueArn, batch), SQSEvent.class);
            } catch (RuntimeException | Error e) {
                // Whatever the handler throws is a function error to Lambda.
                ObjectNode line = line("batch-failed", trigger);
                ids(line, batch);
                line.put("error", String.valueOf(e)).put("redeliveredAfterVisibilityTimeout", true);
                emit(line);
                return new Outcome(batch.size(), 0);
            }
            Set<String> failed = trigger.reportBatchItemFailures() ? failedItems(batch, response) : Set.of();
            List<Message> done = batch.stream().filter(m -> !failed.contains(m.messageId())).toList();
            ObjectNode line = line(failed.isEmpty() ? "batch-delivered" : "batch-item-failures-reported", trigger);
            ids(line, batch);
            if (!failed.isEmpty()) {
                line.put("done", done.size()).put("response", response);
            }
            emit(line);
            return new Outcome(batch.size(), delete(done));
        }

        /**
         * Lambda's reading of a {@code ReportBatchItemFailures} response: the ids to leave on the queue (all of them
         * when the response is unreadable or names an item that is not in the batch).
         */
        private Set<String> failedItems(List<Message> batch, String response) {
            Set<String> all = new HashSet<>(batch.stream().map(Message::messageId).toList());
            if (response == null || response.isBlank()) {
                return Set.of();
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(response);
            } catch (IOException e) {
                return all;
            }
            if (node == null || node.isNull()) {
                return Set.of();
            }
            if (!node.isObject()) {
                return all;
            }
            JsonNode failures = node.get("batchItemFailures");
            if (failures == null || failures.isNull() || failures.isArray() && failures.isEmpty()) {
                return Set.of();
            }
            if (!failures.isArray()) {
                return all;
            }
            Set<String> failed = new HashSet<>();
            for (JsonNode failure : failures) {
                JsonNode id = failure.get("itemIdentifier");
                if (id == null || !id.isTextual() || !all.contains(id.asText())) {
                    return all;
                }
                failed.add(id.asText());
            }
            return failed;
        }

        /** Deletes what the function is done with, 10 at a time; returns how many SQS deleted. */
        private int delete(List<Message> done) {
            int deleted = 0;
            for (int from = 0; from < done.size(); from += MAX_RECEIVE) {
                List<Message> chunk = done.subList(from, Math.min(done.size(), from + MAX_RECEIVE));
                List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < chunk.size(); i++) {
                    entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                            .receiptHandle(chunk.get(i).receiptHandle()).build());
                }
                DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                deleted += response.successful().size();
                if (!response.failed().isEmpty()) {
                    ObjectNode line = line("delete-failed-message-will-be-redelivered", trigger);
                    var failures = line.putArray("failures");
                    response.failed().forEach(f -> failures.addObject()
                            .put("messageId", chunk.get(Integer.parseInt(f.id())).messageId())
                            .put("code", f.code()).put("message", f.message()));
                    emit(line);
                }
            }
            return deleted;
        }
    }

    /** The event Lambda builds for these messages. */
    static SQSEvent event(String queueArn, List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setAttributes(new LinkedHashMap<>(m.attributesAsStrings()));
            Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
            m.messageAttributes().forEach((name, value) -> attributes.put(name, attribute(value)));
            record.setMessageAttributes(attributes);
            record.setMd5OfBody(m.md5OfBody());
            record.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(StandInStack.REGION);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static SQSEvent.MessageAttribute attribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        attribute.setBinaryValue(value.binaryValue() == null ? null : value.binaryValue().asByteBuffer());
        attribute.setStringListValues(value.hasStringListValues() ? value.stringListValues() : List.of());
        attribute.setBinaryListValues(value.hasBinaryListValues()
                ? value.binaryListValues().stream().map(b -> b.asByteBuffer()).toList() : List.of());
        return attribute;
    }

    private static void ids(ObjectNode line, List<Message> batch) {
        line.put("messages", batch.size());
        var ids = line.putArray("messageIds");
        batch.forEach(m -> ids.add(m.messageId()));
    }

    private static ObjectNode line(String action, SamTemplate.SqsTrigger trigger) {
        return Json.object().put("time", Instant.now().toString()).put("component", "sqs-event-source")
                .put("action", action).put("function", trigger.functionLogicalId()).put("event", trigger.eventId())
                .put("queue", trigger.queueLogicalId());
    }

    private static void emit(ObjectNode line) {
        System.err.println(Json.write(line));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling; a batch in flight finishes (and is deleted) unless it takes more than 30 s. */
    @Override
    public void close() {
        closed = true;
        threads.shutdown();
        try {
            if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
