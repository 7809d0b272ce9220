package io.callvault.lifecycle;

import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.metrics.Metrics;
import io.callvault.core.settings.ReceiverClient;
import io.callvault.core.settings.ReceiverUrls;
import io.callvault.core.settings.SettingLocations;
import io.callvault.core.settings.TenantSettings;
import io.callvault.core.store.AuditTrail;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.core.store.LifecycleRuleStore;
import io.callvault.core.store.MediaObjects;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.SettingSecretVault;
import io.callvault.core.store.SettingsStore;
import io.callvault.core.store.Tables;
import io.callvault.lifecycle.backup.LifecycleBackup;
import io.callvault.lifecycle.purge.RecordingPurger;
import io.callvault.lifecycle.run.LifecycleRuns;
import io.callvault.lifecycle.select.CandidateSelector;
import io.callvault.search.RecordingIndexer;
import io.callvault.search.RecordingIndices;
import io.callvault.search.SearchCluster;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the lifecycle functions are built from, once per execution environment, from the function's environment:
 * {@code RECORDINGS_TABLE}, {@code CONTROL_TABLE}, {@code AUDIT_TABLE}, {@code MEDIA_BUCKET}, {@code ARCHIVE_BUCKET}
 * (the default backup location), {@code BACKUP_BUCKETS} (other buckets a rule's {@code location} may name),
 * {@code OPENSEARCH_ENDPOINT}, {@code LIFECYCLE_STATE_MACHINE_ARN}, {@code NODE_PATH}, and the tuning
 * {@code LIFECYCLE_PAGE_SIZE} (100), {@code LIFECYCLE_WORKERS} (8) and {@code LIFECYCLE_PAGES_PER_EXECUTION} (500).
 * Clients are made when first asked for, so each handler builds only what it uses.
 */
public final class LifecycleDependencies {
    private final FunctionEnvironment env;
    private final Clock clock;
    private DynamoDbClient dynamo;
    private S3Client s3;
    private SearchCluster cluster;

    public LifecycleDependencies(FunctionEnvironment env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    public FunctionEnvironment env() {
        return env;
    }

    public Clock clock() {
        return clock;
    }

    public String nodePath() {
        return env.get("NODE_PATH").orElse(SettingLocations.ROOT);
    }

    public synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = AwsClients.dynamoDb(env);
        }
        return dynamo;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = AwsClients.s3(env);
        }
        return s3;
    }

    public synchronized SearchCluster cluster() {
        if (cluster == null) {
            cluster = SearchCluster.connect(env);
        }
        return cluster;
    }

    public Tables tables() {
        return Tables.from(env);
    }

    public LifecycleRuns runs() {
        return new LifecycleRuns(dynamo(), tables().control(), clock);
    }

    public SettingsStore settingsStore() {
        return new SettingsStore(dynamo(), tables().control(), clock);
    }

    public ContactCenterStore contactCenters() {
        return new ContactCenterStore(dynamo(), tables().control(), clock);
    }

    public RecordingStore recordings() {
        return new RecordingStore(dynamo(), tables().recordings(), clock);
    }

    public LifecycleRuleStore rules() {
        return new LifecycleRuleStore(dynamo(), tables().control());
    }

    public RunLauncher launcher() {
        return new RunLauncher(rules(), contactCenters(), runs(), AwsClients.sfn(env),
                env.require("LIFECYCLE_STATE_MACHINE_ARN"));
    }

    public RunReports reports() {
        return new RunReports(runs(), new Metrics(clock));
    }

    public LifecycleSteps steps() {
        int workers = env.get("LIFECYCLE_WORKERS").map(Integer::parseInt).orElse(8);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "lifecycle-worker");
            t.setDaemon(true);
            return t;
        });
        RecordingStore recordings = recordings();
        return new LifecycleSteps(runs(), new CandidateSelector(cluster()), recordings, backup(recordings),
                purger(recordings), pool,
                env.get("LIFECYCLE_PAGE_SIZE").map(Integer::parseInt).orElse(100),
                env.get("LIFECYCLE_PAGES_PER_EXECUTION").map(Integer::parseInt).orElse(500));
    }

    private RecordingBackup backup(RecordingStore recordings) {
        return LifecycleBackup.from(env, s3(), recordings);
    }

    private RecordingPurger purger(RecordingStore recordings) {
        // The indexer reads on threads of its own: the page workers may be waiting on it.
        ExecutorService readers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "lifecycle-index-reader");
            t.setDaemon(true);
            return t;
        });
        Tables tables = tables();
        TenantSettings settings = new TenantSettings(settingsStore(), new SettingSecretVault(AwsClients.secretsManager(env)),
                ReceiverUrls.from(env), nodePath(), clock);
        RecordingIndexer indexer = new RecordingIndexer(recordings, cluster(), new RecordingIndices(cluster()), readers);
        return new RecordingPurger(recordings, new MediaObjects(s3(), env.require("MEDIA_BUCKET")), indexer, cluster(),
                new AuditTrail(dynamo(), tables.audit(), clock), settings, ReceiverClient.from(env));
    }
}
