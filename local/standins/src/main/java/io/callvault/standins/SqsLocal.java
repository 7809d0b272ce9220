package io.callvault.standins;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.AutoCreateQueuesConfig$;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.util.Either;
import scalikejdbc.ConnectionPool;
import scalikejdbc.ConnectionPoolSettings;

/**
 * ElasticMQ (org.elasticmq, Apache-2.0), an SQS-compatible server, in this JVM on a loopback port: the real SQS
 * protocols (the AWS JSON 1.0 protocol the SDK's sqs client speaks, and the older query protocol), delays, visibility
 * timeouts, long polling, receive counts and redrive to a dead-letter queue, FIFO queues. Queue URLs are
 * {@code http://127.0.0.1:PORT/000000000000/NAME}, ARNs {@code arn:aws:sqs:us-east-1:000000000000:NAME}.
 *
 * <p>Wired here rather than through ElasticMQ's own {@code ElasticMQServer}, which starts serving before it has
 * restored the persisted queues (a queue created in that window makes the restore fail and the server stop).
 *
 * <p>Persisted under a directory: queues with their attributes and messages with their receive counts, delays and
 * visibility, in one H2 database ({@code DIR/queues.mv.db}) written before every answer. ElasticMQ keeps that
 * database in scalikejdbc's JVM-wide default connection pool, so only one persisted instance can run in a JVM at a
 * time (a second one is refused); in-memory instances are not limited. Not applied by ElasticMQ:
 * {@code MessageRetentionPeriod} (messages never expire), {@code MaximumMessageSize}, queue policies and encryption.
 * Request signatures are not checked.
 */
public final class SqsLocal implements AutoCloseable {
    public static final String ACCOUNT_ID = "000000000000";
    private static final ObjectName METRICS_BEAN = metricsBeanName();
    private static SqsLocal persistedInstance;

    private final ActorSystem system;
    private final SQSRestServer server;
    private final URI endpoint;
    private final boolean persisted;
    private final boolean ownsMetricsBean;
    private boolean closed;

    private SqsLocal(ActorSystem system, SQSRestServer server, URI endpoint, boolean persisted, boolean ownsMetricsBean) {
        this.system = system;
        this.server = server;
        this.endpoint = endpoint;
        this.persisted = persisted;
        this.ownsMetricsBean = ownsMetricsBean;
    }

    /** In memory: for tests. */
    public static SqsLocal inMemory() {
        return start(null);
    }

    /** Queues and messages persisted under {@code dir}: for the local runtime, so they survive restarts. */
    public static SqsLocal persistentAt(Path dir) {
        synchronized (SqsLocal.class) {
            if (persistedInstance != null) {
                throw new IllegalStateException("a persisted SQS stand-in already runs in this JVM (ElasticMQ keeps its "
                        + "database in a JVM-wide connection pool); close it first");
            }
            persistedInstance = start(dir);
            return persistedInstance;
        }
    }

    private static SqsLocal start(Path dir) {
        int port = Ports.free();
        ClassLoader loader = SqsLocal.class.getClassLoader();
        Config config = ConfigFactory.parseMap(Map.of(
                        "pekko.loglevel", "WARNING",
                        "pekko.stdout-loglevel", "WARNING",
                        // The owner stops it (close); its threads never keep a JVM alive.
                        "pekko.daemonic", "on",
                        "pekko.jvm-shutdown-hooks", "off",
                        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off"))
                .withFallback(ConfigFactory.load(loader));
        ActorSystem system = ActorSystem.create("elasticmq", config, loader);
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        boolean metricsBeanBefore = beans.isRegistered(METRICS_BEAN);
        try {
            Option<ActorRef> persistence = Option.empty();
            if (dir != null) {
                persistence = Option.apply(startPersistence(system, dir));
            }
            Option<ActorRef> listener = persistence;
            ActorRef queues = system.actorOf(Props.create(QueueManagerActor.class,
                    () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, listener)));
            if (persistence.isDefined()) {
                // Every persisted queue and message is back before the first request is served.
                Object restored = Patterns.ask(persistence.get(), new QueueEvent.Restore(queues), Duration.ofSeconds(60))
                        .toCompletableFuture().get(60, TimeUnit.SECONDS);
                if (restored instanceof Either<?, ?> either && either.isLeft()) {
                    throw new IllegalStateException("restoring the persisted queues failed: " + either.left().get());
                }
            }
            String host = "127.0.0.1";
            SQSRestServer server = new TheSQSRestServerBuilder(Option.apply(system), Option.apply(queues), host, port,
                    new NodeAddress("http", host, port, ""), false, StrictSQSLimits$.MODULE$, StandInStack.REGION,
                    ACCOUNT_ID, listener, AutoCreateQueuesConfig$.MODULE$.disabled()).start();
            server.waitUntilStarted();
            boolean ownsMetricsBean = !metricsBeanBefore && beans.isRegistered(METRICS_BEAN);
            return new SqsLocal(system, server, URI.create("http://" + host + ":" + port), dir != null, ownsMetricsBean);
        } catch (Exception e) {
            IllegalStateException failed = new IllegalStateException("ElasticMQ did not start: " + e, e);
            try {
                terminate(system);
                if (dir != null) {
                    ConnectionPool.closeAll();
                }
            } catch (RuntimeException cleanup) {
                failed.addSuppressed(cleanup);
            }
            throw failed;
        }
    }

    private static ActorRef startPersistence(ActorSystem system, Path dir) throws Exception {
        Files.createDirectories(dir);
        String uri = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("queues");
        SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", uri, "", "", false);
        // ElasticMQ sets up its pool only for the first database of the JVM; point it at this one.
        Class.forName("org.h2.Driver");
        ConnectionPoolSettings settings = ConnectionPool.singleton$default$4();
        ConnectionPool.singleton(uri, "", "", settings, ConnectionPool.singleton$default$5(uri, "", "", settings));
        scala.collection.immutable.List<CreateQueueMetadata> noConfiguredQueues = scala.collection.immutable.List$.MODULE$.empty();
        return system.actorOf(Props.create(SqlQueuePersistenceActor.class,
                () -> new SqlQueuePersistenceActor(config, noConfiguredQueues)));
    }

    /** {@code http://127.0.0.1:PORT}: what {@code AWS_ENDPOINT_URL_SQS} points at. */
    public URI endpoint() {
        return endpoint;
    }

    /** The URL SQS gives a queue of this name here. */
    public String queueUrl(String queueName) {
        return endpoint + "/" + ACCOUNT_ID + "/" + queueName;
    }

    /** The ARN of a queue of this name here. */
    public static String queueArn(String queueName) {
        return "arn:aws:sqs:" + StandInStack.REGION + ":" + ACCOUNT_ID + ":" + queueName;
    }

    /** Stops serving, then the actors; a persisted database is closed (everything answered is already written). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            server.stopAndWait();
        } finally {
            terminate(system);
            if (ownsMetricsBean) {
                try {
                    ManagementFactory.getPlatformMBeanServer().unregisterMBean(METRICS_BEAN);
                } catch (Exception gone) {
                    // Someone else removed it.
                }
            }
            if (persisted) {
                synchronized (SqsLocal.class) {
                    ConnectionPool.closeAll();
                    persistedInstance = null;
                }
            }
        }
    }

    private static void terminate(ActorSystem system) {
        try {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ElasticMQ did not stop cleanly", e);
        }
    }

    private static ObjectName metricsBeanName() {
        try {
            return new ObjectName("org.elasticmq:name=Queues");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
