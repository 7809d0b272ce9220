package io.callvault.api.intake;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A stand-in analytics receiver (the guide's SpeechMiner Interaction Receiver) on 127.0.0.1: answers every POST with
 * the status it is set to, after an optional delay, and records what it was sent. Thread-safe.
 */
final class TestReceiver implements AutoCloseable {
    /** One request as received, with the status it was answered. */
    record Received(String method, String path, String authorization, String contentType, String body, int answered) {}

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private volatile int status = 200;
    private volatile Duration delay = Duration.ZERO;
    private volatile Runnable onRequest = () -> { };

    TestReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            onRequest.run();
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int answer = status;
            synchronized (received) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body, answer));
            }
            byte[] out = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            try {
                boolean bodyless = answer == 204 || answer == 304;
                exchange.sendResponseHeaders(answer, bodyless ? -1 : out.length);
                if (!bodyless) {
                    exchange.getResponseBody().write(out);
                }
            } catch (IOException clientGone) {
                // the notifier timed out and closed the connection
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** {@code http://127.0.0.1:PORT/interactionreceiver}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/interactionreceiver";
    }

    TestReceiver answer(int status) {
        this.status = status;
        return this;
    }

    TestReceiver delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    TestReceiver onRequest(Runnable hook) {
        this.onRequest = hook;
        return this;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    long answered(int status) {
        return received().stream().filter(r -> r.answered() == status).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
