package io.callvault.local;

import io.callvault.standins.SamTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar local/target/callvault-local.jar [--port 8080] [--data-dir ./.callvault] [--template FILE]}
 * runs callvault; {@code ... token --ccid C --user U --permissions P1,P2 --access-groups /a,/b [--agent]
 * [--data-dir DIR] [--ttl-minutes 60]} prints a token the running server accepts.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        List<String> list = Arrays.asList(args);
        try {
            if (!list.isEmpty() && list.get(0).equals("token")) {
                System.out.println(token(options(list.subList(1, list.size()), List.of("agent"))));
                return;
            }
            if (!list.isEmpty() && (list.get(0).equals("--help") || list.get(0).equals("-h"))) {
                System.out.println(usage());
                return;
            }
            serve(options(!list.isEmpty() && list.get(0).equals("serve") ? list.subList(1, list.size()) : list, List.of()));
        } catch (IllegalArgumentException e) {
            System.err.println("callvault-local: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
        }
    }

    static String token(Map<String, String> o) {
        Path dataDir = Path.of(o.getOrDefault("data-dir", ".callvault"));
        String ccid = required(o, "ccid");
        String user = required(o, "user");
        List<String> permissions = csv(o.getOrDefault("permissions", ""));
        List<String> groups = csv(o.getOrDefault("access-groups", ""));
        long ttl = Long.parseLong(o.getOrDefault("ttl-minutes", "60"));
        return LocalIssuer.inDataDir(dataDir, Clock.systemUTC())
                .mint(ccid, user, permissions, groups, o.containsKey("agent"), Duration.ofMinutes(ttl));
    }

    private static void serve(Map<String, String> o) throws InterruptedException {
        int port = Integer.parseInt(o.getOrDefault("port", "8080"));
        Path dataDir = Path.of(o.getOrDefault("data-dir", ".callvault")).toAbsolutePath();
        SamTemplate template = SamTemplate.read(templatePath(o.get("template")));
        LocalRuntime runtime = LocalRuntime.start(template, dataDir, port, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "callvault-shutdown"));
        System.out.println("data dir: " + dataDir);
        runtime.openSearchEndpoint().ifPresent(uri -> System.out.println("opensearch: " + uri));
        if (runtime.stack().sfnStarted()) {
            System.out.println("stepfunctions: " + runtime.stack().sfnEndpoint() + " (log " + runtime.stack().stepFunctionsServer().logFile() + ")");
        }
        System.out.println("callvault local ready: " + runtime.baseUri());
        System.out.flush();
        stopped.await();
    }

    /** --template, else template.yaml in or above the working directory, else the copy built into this jar. */
    static Path templatePath(String given) {
        if (given != null) {
            return Path.of(given);
        }
        try {
            return SamTemplate.locate(Path.of(""));
        } catch (IllegalStateException notInACheckout) {
            try (InputStream in = Main.class.getResourceAsStream("/template.yaml")) {
                if (in == null) {
                    throw new IllegalArgumentException("no template.yaml found; pass --template FILE");
                }
                Path copy = Files.createTempFile("callvault-template", ".yaml");
                Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                copy.toFile().deleteOnExit();
                return copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Map<String, String> options(List<String> args, List<String> flags) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                out.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (flags.contains(name)) {
                out.put(name, "true");
            } else if (i + 1 < args.size()) {
                out.put(name, args.get(++i));
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return out;
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    private static List<String> csv(String v) {
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String usage() {
        return """
                usage:
                  java -jar local/target/callvault-local.jar [--port 8080] [--data-dir ./.callvault] [--template template.yaml]
                  java -jar local/target/callvault-local.jar token --ccid C --user U --permissions P1,P2 \\
                       --access-groups /a,/b [--agent] [--data-dir ./.callvault] [--ttl-minutes 60]""";
    }
}
