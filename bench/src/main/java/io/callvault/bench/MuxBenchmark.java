package io.callvault.bench;

import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.crypto.ContentKey;
import io.callvault.core.crypto.EncryptedMedia;
import io.callvault.core.crypto.EnvelopeDecryptor;
import io.callvault.core.crypto.EnvelopeEncryptor;
import io.callvault.core.crypto.KeyTransport;
import io.callvault.core.crypto.Recipient;
import io.callvault.core.json.Json;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.settings.TenantSettings;
import io.callvault.core.store.CertificateStore;
import io.callvault.core.store.EncryptionSettingsStore;
import io.callvault.core.store.MediaLocation;
import io.callvault.core.store.PrivateKeyVault;
import io.callvault.core.store.PrivateKeys;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredCertificate;
import io.callvault.core.store.TenantRecipients;
import io.callvault.mux.CallSide;
import io.callvault.mux.InputMedia;
import io.callvault.mux.MuxDependencies;
import io.callvault.mux.MuxPlanner;
import io.callvault.mux.MuxService;
import io.callvault.mux.MuxStore;
import io.callvault.mux.ScreenSide;
import io.callvault.mux.media.Ffmpeg;
import io.callvault.mux.media.MediaSegment;
import io.callvault.mux.media.MuxJob;
import io.callvault.mux.media.MuxedMedia;
import io.callvault.mux.media.ScreenMuxer;
import io.callvault.mux.media.VideoPath;
import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The mux section (issue 6's benchmark): the whole Mux task ({@link MuxService#mux}: metadata reads, lease, S3 GET and
 * decryption of both inputs into a scratch dir, {@link ScreenMuxer}, encryption to the tenant's certificate, S3 PUT)
 * on N minutes of 1080p screen video with call audio, against bare ffmpeg on the same plaintext files in the same
 * rounds: {@code -c copy} (the baseline) and ScreenMuxer's own ffmpeg commands, captured from an untimed run
 * ({@link RecordingFfmpeg}) and run bare. The task's phases are timed again one by one with the same building blocks;
 * the re-encode path (the screen starting 5 s after the call) is timed per minute of video.
 *
 * <p>On the stand-ins in this JVM (DynamoDB Local, s3proxy on the file system, the Secrets Manager stand-in), not the
 * local runtime: nothing else may mux or read behind the benchmark's back. The MuxService is built as MuxHandler
 * builds it ({@link MuxDependencies#muxService}) from the template's MuxFunction environment, with the layer binary
 * the build leaves as {@code FFMPEG_PATH}.
 */
final class MuxBenchmark {
    static final int WIDTH = 1920;
    static final int HEIGHT = 1080;
    /** The guide's Screen Recording Service "standard" quality is about this, at 1 fps. */
    static final int SCREEN_KBPS = 150;
    /** The call recorder's MP3, as MediaFixtures makes it. */
    static final int CALL_SAMPLE_RATE = 8000;
    static final int CALL_KBPS = 8;
    /** The ENCODE task's screen starts this much after the call: the video gets a black lead and is re-encoded. */
    static final int ENCODE_OFFSET_SECONDS = 5;
    /** What MuxHandler passes with the template's 900 s timeout: the time left less its 60 s upload margin. */
    static final Duration TIME_LEFT = Duration.ofSeconds(840);
    static final String MUX_FUNCTION = "MuxFunction";
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final String ALIAS = "bench";
    private static final String AGENT = "agent1";

    /** One ffmpeg run ScreenMuxer made: what it is, its arguments to {@link Ffmpeg#run}, the command line to show. */
    record Step(String what, List<String> arguments, String command, boolean mux) {}

    /**
     * One round, seconds: the whole COPY task; its phases timed one by one (metadata reads and lease, S3 GET and
     * decryption of both inputs, ScreenMuxer, encryption and S3 PUT of the output); each of ScreenMuxer's ffmpeg
     * commands run bare (in {@link Figures#steps()} order); bare {@code -c copy}; the whole ENCODE task.
     */
    record Round(boolean callvaultFirst, double callvault, double metadata, double fetchDecrypt, double screenMuxer,
                 double encryptUpload, double[] steps, double copyBaseline, double encode) {
        double blocks() {
            return metadata + fetchDecrypt + screenMuxer + encryptUpload;
        }
    }

    record Figures(int minutes, String ffmpegVersion, String screenCommand, String callCommand, String baselineCommand,
                   List<Step> steps, long screenBytes, long callBytes, long copyOutputBytes, long storedBytes,
                   long baselineOutputBytes, long referenceOutputBytes, long encodeOutputBytes, long copyDurationMillis,
                   long encodeDurationMillis, List<Round> rounds) {
        double median(ToDoubleFunction<Round> figure) {
            return SearchBenchmark.median(rounds.stream().mapToDouble(figure).toArray());
        }

        double medianStep(int step) {
            return median(r -> r.steps()[step]);
        }

        int muxStep() {
            return muxIndex(steps);
        }

        /** The median of the rounds' own ratios of the whole COPY task to bare {@code -c copy}. */
        double copyRatio() {
            return median(r -> r.callvault() / r.copyBaseline());
        }

        /** The median of the rounds' own ratios of the whole COPY task to ScreenMuxer's mux command run bare. */
        double referenceRatio() {
            int mux = muxStep();
            return median(r -> r.callvault() / r.steps()[mux]);
        }

        /** Seconds of the whole ENCODE task per minute of the video it produced. */
        double encodeSecondsPerMinute() {
            return median(Round::encode) / (encodeDurationMillis / 60_000.0);
        }
    }

    private final int minutes;
    private final int rounds;

    MuxBenchmark(int minutes, int rounds) {
        this.minutes = minutes;
        this.rounds = rounds;
    }

    /** {@code work}: inputs, scratch space and the stand-ins' data (s3proxy on the file system) for this section. */
    Figures run(SamTemplate template, Path work) throws Exception {
        Ffmpeg ffmpeg = Ffmpeg.locate();
        try (StandInStack stack = StandInStack.start(template, work.resolve("stand-ins"))) {
            Inputs inputs = Inputs.generate(ffmpeg, work.resolve("media"), minutes);
            stack.openSearch(); // the template's node starts with the stand-ins: not while anything is timed
            Map<String, String> variables = new HashMap<>(stack.environmentOf(function(template)));
            variables.put("FFMPEG_PATH", ffmpeg.binary().toAbsolutePath().toString());
            variables.put("MUX_SCRATCH_DIR", Files.createDirectories(work.resolve("scratch")).toString());
            return new Run(new FunctionEnvironment(variables), ffmpeg, inputs, work).measure();
        }
    }

    private static SamTemplate.Function function(SamTemplate template) {
        return template.functions().stream().filter(f -> f.logicalId().equals(MUX_FUNCTION)).findFirst()
                .orElseThrow(() -> new IllegalStateException(MUX_FUNCTION + " is not in template.yaml"));
    }

    /** The plaintext inputs, made once per run with the layer's ffmpeg from lavfi sources. */
    record Inputs(Path screen, Path call, List<String> screenArguments, List<String> callArguments) {
        static Inputs generate(Ffmpeg ffmpeg, Path dir, int minutes) throws IOException {
            Files.createDirectories(dir);
            int seconds = minutes * 60;
            Path screen = dir.resolve("screen.mp4");
            Path call = dir.resolve("call.mp3");
            List<String> screenArgs = List.of("-f", "lavfi", "-i", "testsrc2=s=" + WIDTH + "x" + HEIGHT + ":r=1:d=" + seconds,
                    "-c:v", "libx264", "-preset", "veryfast", "-b:v", SCREEN_KBPS + "k", "-maxrate", 2 * SCREEN_KBPS + "k",
                    "-bufsize", 4 * SCREEN_KBPS + "k", "-g", "10", "-pix_fmt", "yuv420p", screen.toString());
            // Speech-like: band-limited pink noise over a low tone, in talk spurts (4.5 s on, 2.5 s nearly off).
            List<String> callArgs = List.of("-filter_complex",
                    "anoisesrc=color=pink:sample_rate=" + CALL_SAMPLE_RATE + ":amplitude=0.3:duration=" + seconds
                            + ":seed=7,highpass=f=300,lowpass=f=3400[n];sine=frequency=180:sample_rate=" + CALL_SAMPLE_RATE
                            + ":duration=" + seconds + ",volume=0.2[s];[n][s]amix=inputs=2:normalize=0,"
                            + "volume='if(lt(mod(t,7),4.5),1,0.03)':eval=frame",
                    "-c:a", "libmp3lame", "-b:a", CALL_KBPS + "k", "-ac", "1", "-ar", String.valueOf(CALL_SAMPLE_RATE),
                    call.toString());
            make(ffmpeg, dir, screen, screenArgs);
            make(ffmpeg, dir, call, callArgs);
            return new Inputs(screen, call, screenArgs, callArgs);
        }

        private static void make(Ffmpeg ffmpeg, Path dir, Path out, List<String> arguments) {
            if (Files.isRegularFile(out)) {
                return; // made earlier in this run
            }
            long start = System.nanoTime();
            Ffmpeg.Result result = ffmpeg.run(arguments, dir, Duration.ofMinutes(30));
            if (!result.succeeded()) {
                throw new IllegalStateException("generating " + out.getFileName() + " failed: " + result.excerpt());
            }
            System.out.printf("  generated %s in %.1f s%n", out.getFileName(), (System.nanoTime() - start) / 1e9);
        }
    }

    /** One section's state: the tenant, the two stored tasks and the building blocks. */
    private final class Run {
        private final FunctionEnvironment env;
        private final Ffmpeg ffmpeg;
        private final Inputs inputs;
        private final MuxDependencies deps;
        private final S3Client s3;
        private final String bucket;
        private final MuxStore store;
        private final PrivateKeys keys;
        private final TenantRecipients recipients;
        private final EncryptionSettingsStore encryption;
        private final EnvelopeEncryptor encryptor = new EnvelopeEncryptor();
        private final ScreenMuxer muxer;
        private final Path blocks;
        private final Path bare;
        private final String ccid = UUID.randomUUID().toString();

        Run(FunctionEnvironment env, Ffmpeg ffmpeg, Inputs inputs, Path work) throws IOException {
            this.env = env;
            this.ffmpeg = ffmpeg;
            this.inputs = inputs;
            Clock clock = Clock.systemUTC();
            this.deps = new MuxDependencies(env, clock);
            this.s3 = deps.s3();
            this.bucket = env.require("MEDIA_BUCKET");
            this.store = deps.store();
            CertificateStore certificates = new CertificateStore(deps.dynamo(), env.require("CONTROL_TABLE"));
            this.keys = new PrivateKeys(new PrivateKeyVault(AwsClients.secretsManager(env)), clock);
            this.recipients = new TenantRecipients(certificates, clock);
            this.encryption = new EncryptionSettingsStore(deps.dynamo(), env.require("CONTROL_TABLE"), clock);
            this.muxer = new ScreenMuxer(ffmpeg);
            this.blocks = Files.createDirectories(work.resolve("blocks"));
            this.bare = Files.createDirectories(work.resolve("bare"));
        }

        Figures measure() throws Exception {
            Recipient recipient = tenant();
            MuxService service = deps.muxService();
            MuxService.Task copyTask = storeTask(recipient, "BENCHMUXCOPY", 0);
            MuxService.Task encodeTask = storeTask(recipient, "BENCHMUXENCODE", ENCODE_OFFSET_SECONDS);

            // Untimed: ScreenMuxer once through the recording ffmpeg, for the exact commands it runs.
            fetchAndDecrypt(copyTask);
            for (Path input : List.of(inputs.screen(), inputs.call())) {
                if (Files.mismatch(input, plaintextOf(input)) != -1) {
                    throw new IllegalStateException("the decrypted " + input.getFileName() + " is not the generated file");
                }
            }
            RecordingFfmpeg recording = RecordingFfmpeg.create(ffmpeg.binary(), Files.createDirectories(blocks.resolve("rec")));
            new ScreenMuxer(recording.ffmpeg()).mux(job(), TIME_LEFT);
            List<Step> steps = steps(recording.calls());
            // Untimed: one whole task first (class loading, JIT, page cache).
            MuxService.Result warm = muxed(service.mux(copyTask, TIME_LEFT), VideoPath.COPY);
            long storedBytes = s3.headObject(b -> b.bucket(bucket).key(warm.objectKey())).contentLength();
            delete(warm.objectKey());

            List<Round> all = new ArrayList<>();
            long copyOutput = warm.size();
            long encodeOutput = 0;
            long encodeDuration = 0;
            long baselineOutput = 0;
            for (int r = 0; r < rounds; r++) {
                boolean callvaultFirst = r % 2 == 0;
                double[] bareTimes = null;
                if (!callvaultFirst) {
                    bareTimes = bare(steps);
                }
                long start = System.nanoTime();
                MuxService.Result copy = muxed(service.mux(copyTask, TIME_LEFT), VideoPath.COPY);
                double whole = (System.nanoTime() - start) / 1e9;
                delete(copy.objectKey());
                if (copy.durationMillis() != warm.durationMillis() || copy.size() != copyOutput) {
                    throw new IllegalStateException("the COPY task's output changed between runs");
                }
                double[] ours = phases(copyTask);
                if (callvaultFirst) {
                    bareTimes = bare(steps);
                }
                baselineOutput = Files.size(bare.resolve("copy.mp4"));

                start = System.nanoTime();
                MuxService.Result encode = muxed(service.mux(encodeTask, TIME_LEFT), VideoPath.ENCODE);
                double encodeSeconds = (System.nanoTime() - start) / 1e9;
                delete(encode.objectKey());
                encodeOutput = encode.size();
                encodeDuration = encode.durationMillis();

                double[] stepTimes = java.util.Arrays.copyOf(bareTimes, steps.size());
                Round round = new Round(callvaultFirst, whole, ours[0], ours[1], ours[2], ours[3], stepTimes,
                        bareTimes[steps.size()], encodeSeconds);
                all.add(round);
                System.out.printf("  round %d: callvault COPY %.2f s (phases %.2f s), bare -c copy %.2f s, ScreenMuxer's "
                        + "mux bare %.2f s, callvault ENCODE %.1f s%n", r + 1, whole, round.blocks(), round.copyBaseline(),
                        stepTimes[muxIndex(steps)], encodeSeconds);
            }
            Map<Path, String> names = names();
            return new Figures(minutes, ffmpegVersion(), command(inputs.screenArguments(), names),
                    command(inputs.callArguments(), names), command(baselineArguments(), names), steps,
                    Files.size(inputs.screen()), Files.size(inputs.call()), copyOutput, storedBytes, baselineOutput,
                    Files.size(output()), encodeOutput, warm.durationMillis(), encodeDuration, all);
        }

        // ------------------------------------------------------------------ set-up

        /** A contact center with one deployed certificate and its private key in the vault. */
        private Recipient tenant() throws Exception {
            deps.contactCenters().create(ccid, true, "Mux bench " + ccid, "us");
            BenchPki pki = BenchPki.generate("callvault-mux-bench");
            var cert = pki.certificate();
            String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
            new CertificateStore(deps.dynamo(), env.require("CONTROL_TABLE")).add(ccid, new StoredCertificate(ALIAS,
                    pki.certificatePem(), cert.getSubjectX500Principal().getName(), cert.getIssuerX500Principal().getName(),
                    cert.getSerialNumber().toString(16), cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(),
                    fingerprint, 2048, true, Instant.now()));
            new PrivateKeyVault(AwsClients.secretsManager(env)).put(ccid, ALIAS, pki.privateKeyPem());
            return new Recipient(ALIAS, cert);
        }

        /** A call with the generated audio and its screen recording {@code offset} s later, stored and planned. */
        private MuxService.Task storeTask(Recipient to, String callId, int offset) throws Exception {
            RecordingStore recordings = new RecordingStore(deps.dynamo(), env.require("RECORDINGS_TABLE"), Clock.systemUTC());
            String screenId = callId + "_screen";
            Instant end = START.plusSeconds(minutes * 60L);
            var callParams = Json.object().put("username", AGENT);
            storeRecording(recordings, to, Recording.builder(RecordingKind.CALL).id(callId), callId + "-a1.mp3",
                    "audio/mp3", START, end, callParams, inputs.call());
            var screenParams = Json.object();
            screenParams.putObject("contact").put("userName", AGENT);
            storeRecording(recordings, to, Recording.builder(RecordingKind.SCREEN).id(screenId).callRecordingId(callId),
                    screenId + "-v1", "video/mp4", START.plusSeconds(offset), end.plusSeconds(offset), screenParams,
                    inputs.screen());
            CallSide call = store.call(ccid, callId);
            List<ScreenSide> screens = call.screenIds().stream().map(id -> store.screen(ccid, id)).toList();
            MuxPlanner.Plan plan = MuxPlanner.plan(call, screens, new TenantSettings.MuxerSettings(true, true,
                    Duration.ZERO, Duration.ofMinutes(60)), Instant.now(), Duration.ZERO);
            if (plan.status() != MuxPlanner.Status.READY || plan.jobs().size() != 1) {
                throw new IllegalStateException("the plan for " + callId + " is " + plan.status() + ": " + plan.reason());
            }
            // The same run id every round: each round is a retried task to the lease, which its holder may take again.
            return new MuxService.Task(ccid, callId, screenId, plan.jobs().get(0).inputsHash(), "bench-" + callId);
        }

        /** Metadata first, as a post stores it, then the content enveloped to the tenant as ingest stores it. */
        private void storeRecording(RecordingStore recordings, Recipient to, Recording.Builder recording, String mediaId,
                                    String type, Instant start, Instant stop, com.fasterxml.jackson.databind.node.ObjectNode
                                    parameters, Path content) throws IOException {
            MediaFile file = MediaFile.builder().mediaId(mediaId).type(type).startTime(start).stopTime(stop)
                    .size(Files.size(content)).parameters(parameters).build();
            Recording r = recording.startTime(start).stopTime(stop).mediaFiles(List.of(file)).build();
            recordings.ingest(ccid, r);
            MediaLocation location = recordings.locateMedia(ccid, mediaId).orElseThrow();
            String key = ccid + "/" + (r.kind() == RecordingKind.CALL ? "voice" : "screen") + "/bench/" + r.id() + "/"
                    + mediaId;
            Path encrypted = blocks.resolve("upload.enc");
            EncryptedMedia envelope;
            try (InputStream in = Files.newInputStream(content); OutputStream out = Files.newOutputStream(encrypted)) {
                envelope = encryptor.encrypt(in, out, List.of(to), KeyTransport.RSA_OAEP_SHA256);
            }
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(encrypted));
            Files.delete(encrypted);
            MediaFile stored = location.media().toBuilder().pkcs7(envelope.pkcs7Pem()).certAlias(envelope.certAliases())
                    .size(envelope.plaintextSize()).build();
            if (!recordings.attachObject(location, stored, key, envelope.plaintextSha256())) {
                throw new IllegalStateException("media " + mediaId + " was attached already");
            }
        }

        /** ScreenMuxer's ffmpeg runs, named by what they read, checked to be probes and exactly one mux. */
        private List<Step> steps(List<List<String>> calls) {
            Map<Path, String> names = names();
            List<Step> steps = new ArrayList<>();
            for (List<String> args : calls) {
                boolean mux = args.contains("-filter_complex");
                boolean probe = args.contains("framecrc");
                String input = args.get(args.indexOf("-i") + 1);
                if (mux == probe) {
                    throw new IllegalStateException("ScreenMuxer ran ffmpeg in a way this section does not know: " + args);
                }
                String what = mux ? "mux: video stream copy, audio decoded, resampled and AAC-encoded"
                        : "probe of " + (input.equals(output().toString()) ? "the output (the check)"
                        : input.equals(plaintextOf(inputs.screen()).toString()) ? "the screen video"
                        : input.equals(plaintextOf(inputs.call()).toString()) ? "the call audio" : input);
                steps.add(new Step(what, args, command(args, names), mux));
            }
            if (steps.stream().filter(Step::mux).count() != 1) {
                throw new IllegalStateException("ScreenMuxer ran " + steps.size() + " ffmpeg commands, not one mux: " + calls);
            }
            return steps;
        }

        // ------------------------------------------------------------------ measured

        /** The task's phases one by one, seconds: metadata and lease, GET and decrypt, ScreenMuxer, encrypt and PUT. */
        private double[] phases(MuxService.Task task) throws Exception {
            long t0 = System.nanoTime();
            store.call(ccid, task.callRecordingId());
            store.screen(ccid, task.screenRecordingId());
            if (!store.claim(ccid, task.screenRecordingId(), task.inputsHash(), task.runId())) {
                throw new IllegalStateException("the lease is not the task's");
            }
            List<Recipient> to = recipients.usable(ccid);
            KeyTransport transport = encryption.keyTransport(ccid);
            long t1 = System.nanoTime();
            fetchAndDecrypt(task);
            long t2 = System.nanoTime();
            MuxedMedia muxed = muxer.mux(job(), TIME_LEFT);
            long t3 = System.nanoTime();
            String key = ccid + "/screen/bench/phases-" + UUID.randomUUID();
            Path encrypted = blocks.resolve("muxed.enc");
            try (InputStream in = Files.newInputStream(muxed.file()); OutputStream out = Files.newOutputStream(encrypted)) {
                encryptor.encrypt(in, out, to, transport);
            }
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/octet-stream"),
                    RequestBody.fromFile(encrypted));
            long t4 = System.nanoTime();
            delete(key);
            Files.delete(encrypted);
            return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9};
        }

        /** S3 GET and decryption of the task's inputs into the blocks dir, as MuxService does into its scratch dir. */
        private void fetchAndDecrypt(MuxService.Task task) throws Exception {
            List<InputMedia> video = store.screen(ccid, task.screenRecordingId()).originals();
            List<InputMedia> audio = store.call(ccid, task.callRecordingId()).audio();
            if (video.size() != 1 || audio.size() != 1) {
                throw new IllegalStateException("expected one screen and one call media file");
            }
            decrypt(video.get(0), plaintextOf(inputs.screen()));
            decrypt(audio.get(0), plaintextOf(inputs.call()));
        }

        private void decrypt(InputMedia input, Path to) throws Exception {
            try (InputStream stored = s3.getObject(b -> b.bucket(bucket).key(input.objectKey()));
                 OutputStream plain = Files.newOutputStream(to);
                 ContentKey key = keys.open(ccid, input.file())) {
                EnvelopeDecryptor.decryptAll(key, stored, plain);
            }
        }

        /** Each of ScreenMuxer's commands bare, in order, then bare {@code -c copy}: seconds, the copy's last. */
        private double[] bare(List<Step> steps) {
            double[] seconds = new double[steps.size() + 1];
            for (int i = 0; i < steps.size(); i++) {
                List<String> args = steps.get(i).arguments();
                Path stdout = args.get(args.size() - 1).equals("-") ? bare.resolve("probe.framecrc") : null;
                seconds[i] = timed(args, output().getParent(), stdout);
            }
            seconds[steps.size()] = timed(baselineArguments(), bare, null);
            return seconds;
        }

        private double timed(List<String> args, Path dir, Path stdout) {
            long start = System.nanoTime();
            Ffmpeg.Result result = ffmpeg.run(args, dir, TIME_LEFT, stdout);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!result.succeeded()) {
                throw new IllegalStateException("bare ffmpeg failed: " + result.excerpt() + " (" + args + ")");
            }
            return seconds;
        }

        // ------------------------------------------------------------------ helpers

        /** The baseline; MP4 takes 8 kHz MP3 only with {@code -strict unofficial}. */
        private List<String> baselineArguments() {
            return List.of("-i", inputs.screen().toString(), "-i", inputs.call().toString(), "-map", "0:v", "-map", "1:a",
                    "-c", "copy", "-strict", "unofficial", bare.resolve("copy.mp4").toString());
        }

        private MuxJob job() {
            return new MuxJob(List.of(new MediaSegment("screen", plaintextOf(inputs.screen()), START)),
                    List.of(new MediaSegment("call", plaintextOf(inputs.call()), START)), output().getParent());
        }

        private Path plaintextOf(Path generated) {
            return blocks.resolve("decrypted-" + generated.getFileName());
        }

        private Path output() {
            return blocks.resolve("out").resolve(ScreenMuxer.OUTPUT_NAME);
        }

        private Map<Path, String> names() {
            return Map.of(inputs.screen(), "screen.mp4", inputs.call(), "call.mp3",
                    plaintextOf(inputs.screen()), "screen.mp4", plaintextOf(inputs.call()), "call.mp3",
                    output(), "muxed.mp4", bare.resolve("copy.mp4"), "out.mp4");
        }

        private MuxService.Result muxed(MuxService.Result result, VideoPath path) {
            if (result.status() != MuxService.Status.MUXED || !path.name().equals(result.videoPath())) {
                throw new IllegalStateException("the task answered " + result.status() + " on the " + result.videoPath()
                        + " path, expected MUXED on " + path);
            }
            long expected = (minutes * 60L + (path == VideoPath.ENCODE ? ENCODE_OFFSET_SECONDS : 0)) * 1000;
            if (Math.abs(result.durationMillis() - expected) > 1000) {
                throw new IllegalStateException("the muxed file lasts " + result.durationMillis() + " ms, not " + expected);
            }
            return result;
        }

        private void delete(String key) {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        }

        private String ffmpegVersion() {
            return MachineDescription.command(List.of(ffmpeg.binary().toString(), "-version"))
                    .map(v -> v.lines().findFirst().orElse(v).replaceFirst("\\s+Copyright.*", "")).orElse("unknown");
        }
    }

    private static int muxIndex(List<Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).mux()) {
                return i;
            }
        }
        throw new IllegalStateException("no mux step");
    }

    /** The command line as run ({@link Ffmpeg#run}'s prefix included), with the files named as the report names them. */
    static String command(List<String> args, Map<Path, String> names) {
        StringBuilder b = new StringBuilder("ffmpeg ").append(String.join(" ", RecordingFfmpeg.RUN_PREFIX));
        for (String arg : args) {
            String shown = names.getOrDefault(Path.of(arg), arg);
            b.append(' ').append(shown.matches("[A-Za-z0-9_./:=+,-]+") ? shown : "'" + shown.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}
