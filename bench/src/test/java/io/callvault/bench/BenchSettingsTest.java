package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {
    private static BenchSettings settings(int cryptoMiB, int playbackMiB, Set<String> sections) {
        return new BenchSettings(BenchSettings.WARMUP, BenchSettings.POSTS, BenchSettings.THREADS,
                BenchSettings.COLD_ROUNDS, cryptoMiB, BenchSettings.CRYPTO_ROUNDS, BenchSettings.CRYPTO_C1_MIB,
                playbackMiB, BenchSettings.PLAYBACK_WARMUP, BenchSettings.PLAYBACK_REQUESTS,
                BenchSettings.SEARCH_INDEX_RECORDINGS, BenchSettings.SEARCH_INDEX_ROUNDS, BenchSettings.SEARCH_RECORDINGS,
                BenchSettings.SEARCH_WARMUP, BenchSettings.SEARCH_REQUESTS, BenchSettings.ENRICH_CALLS,
                BenchSettings.ENRICH_WARMUP, BenchSettings.ENRICH_THREADS,
                BenchSettings.MUX_MINUTES, BenchSettings.MUX_ROUNDS, BenchSettings.LIFECYCLE_RECORDINGS,
                BenchSettings.LIFECYCLE_PAGE_SIZE, BenchSettings.LIFECYCLE_ROUNDS, sections,
                Path.of("a.zip"), Path.of("b.jar"), Path.of("lib"), Path.of("r.md"), "bench/run.sh");
    }

    @Test
    void theDefaultsAreTheIssuesSizes() {
        BenchSettings s = settings(BenchSettings.CRYPTO_MIB, BenchSettings.PLAYBACK_MIB,
                Set.copyOf(BenchSettings.ALL_SECTIONS));
        assertThat(s.cryptoMiB()).isEqualTo(1024);
        assertThat(s.playbackMiB()).isEqualTo(500);
        assertThat(s.nonDefaultVariables()).isEmpty();
    }

    @Test
    void theReportNamesTheVariablesThatChangedTheRun() {
        BenchSettings s = settings(64, 16, Set.of(BenchSettings.CRYPTO));
        assertThat(s.nonDefaultVariables()).isEqualTo("BENCH_CRYPTO_MIB=64 BENCH_PLAYBACK_MIB=16 BENCH_SECTIONS=crypto");
        assertThat(s.runs(BenchSettings.CRYPTO)).isTrue();
        assertThat(s.runs(BenchSettings.PLAYBACK)).isFalse();
    }

    @Test
    void sizesTheRunCannotDoAreRefused() {
        assertThatThrownBy(() -> settings(0, 500, Set.copyOf(BenchSettings.ALL_SECTIONS)))
                .isInstanceOf(IllegalArgumentException.class);
        // The presigned upload refuses more than 512 MiB.
        assertThatThrownBy(() -> settings(1024, 513, Set.copyOf(BenchSettings.ALL_SECTIONS)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(1024, 500, Set.of("crypto", "disk")))
                .isInstanceOf(IllegalArgumentException.class);
        // The search queries take their values from the corpus, which must hold enough recordings for them.
        assertThatThrownBy(() -> new BenchSettings(BenchSettings.WARMUP, BenchSettings.POSTS, BenchSettings.THREADS,
                BenchSettings.COLD_ROUNDS, 1024, 1, 0, 500, 5, 30, 10_000, 3, 999, 10, 50, 800, 100, 8,
                BenchSettings.MUX_MINUTES, BenchSettings.MUX_ROUNDS, BenchSettings.LIFECYCLE_RECORDINGS,
                BenchSettings.LIFECYCLE_PAGE_SIZE, BenchSettings.LIFECYCLE_ROUNDS, Set.of(BenchSettings.SEARCH),
                Path.of("a.zip"), Path.of("b.jar"), Path.of("lib"), Path.of("r.md"), "bench/run.sh"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void searchIsASectionWithItsOwnSizes() {
        BenchSettings s = new BenchSettings(BenchSettings.WARMUP, BenchSettings.POSTS, BenchSettings.THREADS,
                BenchSettings.COLD_ROUNDS, BenchSettings.CRYPTO_MIB, BenchSettings.CRYPTO_ROUNDS,
                BenchSettings.CRYPTO_C1_MIB, BenchSettings.PLAYBACK_MIB, BenchSettings.PLAYBACK_WARMUP,
                BenchSettings.PLAYBACK_REQUESTS, 1000, 1, 10_000, BenchSettings.SEARCH_WARMUP, 10,
                BenchSettings.ENRICH_CALLS, BenchSettings.ENRICH_WARMUP, BenchSettings.ENRICH_THREADS,
                BenchSettings.MUX_MINUTES, BenchSettings.MUX_ROUNDS, BenchSettings.LIFECYCLE_RECORDINGS,
                BenchSettings.LIFECYCLE_PAGE_SIZE, BenchSettings.LIFECYCLE_ROUNDS,
                Set.of(BenchSettings.SEARCH), Path.of("a.zip"), Path.of("b.jar"), Path.of("lib"), Path.of("r.md"),
                "bench/run.sh");
        assertThat(BenchSettings.ALL_SECTIONS).contains("search");
        assertThat(s.runs(BenchSettings.SEARCH)).isTrue();
        assertThat(s.nonDefaultVariables()).isEqualTo("BENCH_SEARCH_INDEX_RECORDINGS=1000 BENCH_SEARCH_INDEX_ROUNDS=1 "
                + "BENCH_SEARCH_RECORDINGS=10000 BENCH_SEARCH_REQUESTS=10 BENCH_SECTIONS=search");
    }

    @Test
    void enrichIsASectionWithItsOwnSizes() {
        BenchSettings s = new BenchSettings(BenchSettings.WARMUP, BenchSettings.POSTS, BenchSettings.THREADS,
                BenchSettings.COLD_ROUNDS, BenchSettings.CRYPTO_MIB, BenchSettings.CRYPTO_ROUNDS,
                BenchSettings.CRYPTO_C1_MIB, BenchSettings.PLAYBACK_MIB, BenchSettings.PLAYBACK_WARMUP,
                BenchSettings.PLAYBACK_REQUESTS, BenchSettings.SEARCH_INDEX_RECORDINGS, BenchSettings.SEARCH_INDEX_ROUNDS,
                BenchSettings.SEARCH_RECORDINGS, BenchSettings.SEARCH_WARMUP, BenchSettings.SEARCH_REQUESTS, 200, 0, 4,
                BenchSettings.MUX_MINUTES, BenchSettings.MUX_ROUNDS, BenchSettings.LIFECYCLE_RECORDINGS,
                BenchSettings.LIFECYCLE_PAGE_SIZE, BenchSettings.LIFECYCLE_ROUNDS,
                Set.of(BenchSettings.ENRICH), Path.of("a.zip"), Path.of("b.jar"), Path.of("lib"), Path.of("r.md"),
                "bench/run.sh");
        assertThat(BenchSettings.ALL_SECTIONS).contains("enrich");
        assertThat(s.runs(BenchSettings.ENRICH)).isTrue();
        assertThat(s.runs(BenchSettings.INTAKE)).isFalse();
        assertThat(s.nonDefaultVariables()).isEqualTo("BENCH_ENRICH_CALLS=200 BENCH_ENRICH_WARMUP=0 "
                + "BENCH_ENRICH_THREADS=4 BENCH_SECTIONS=enrich");
        assertThat(BenchSettings.ENRICH_CALLS).isEqualTo(800);
        assertThatThrownBy(() -> new BenchSettings(BenchSettings.WARMUP, BenchSettings.POSTS, BenchSettings.THREADS,
                BenchSettings.COLD_ROUNDS, 1024, 1, 0, 500, 5, 30, 10_000, 3, 100_000, 10, 50, 0, 100, 8,
                BenchSettings.MUX_MINUTES, BenchSettings.MUX_ROUNDS, BenchSettings.LIFECYCLE_RECORDINGS,
                BenchSettings.LIFECYCLE_PAGE_SIZE, BenchSettings.LIFECYCLE_ROUNDS,
                Set.of(BenchSettings.ENRICH), Path.of("a.zip"), Path.of("b.jar"), Path.of("lib"), Path.of("r.md"),
                "bench/run.sh")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BenchSettings(BenchSettings.WARMUP, BenchSettings.POSTS, BenchSettings.THREADS,
                BenchSettings.COLD_ROUNDS, 1024, 1, 0, 500, 5, 30, 10_000, 3, 100_000, 10, 50, 800, 100, 0,
                BenchSettings.MUX_MINUTES, BenchSettings.MUX_ROUNDS, BenchSettings.LIFECYCLE_RECORDINGS,
                BenchSettings.LIFECYCLE_PAGE_SIZE, BenchSettings.LIFECYCLE_ROUNDS,
                Set.of(BenchSettings.ENRICH), Path.of("a.zip"), Path.of("b.jar"), Path.of("lib"), Path.of("r.md"),
                "bench/run.sh")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void muxIsASectionWithItsOwnSizes() {
        assertThat(BenchSettings.ALL_SECTIONS).contains("mux");
        assertThat(BenchSettings.MUX_MINUTES).isEqualTo(20);
        assertThat(BenchSettings.MUX_ROUNDS).isEqualTo(3);
        BenchSettings s = mux(5, 1);
        assertThat(s.runs(BenchSettings.MUX)).isTrue();
        assertThat(s.nonDefaultVariables()).isEqualTo("BENCH_MUX_MINUTES=5 BENCH_MUX_ROUNDS=1 BENCH_SECTIONS=mux");
        assertThatThrownBy(() -> mux(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mux(BenchSettings.MAX_MUX_MINUTES + 1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mux(20, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BenchSettings mux(int minutes, int rounds) {
        return new BenchSettings(BenchSettings.WARMUP, BenchSettings.POSTS, BenchSettings.THREADS,
                BenchSettings.COLD_ROUNDS, BenchSettings.CRYPTO_MIB, BenchSettings.CRYPTO_ROUNDS,
                BenchSettings.CRYPTO_C1_MIB, BenchSettings.PLAYBACK_MIB, BenchSettings.PLAYBACK_WARMUP,
                BenchSettings.PLAYBACK_REQUESTS, BenchSettings.SEARCH_INDEX_RECORDINGS, BenchSettings.SEARCH_INDEX_ROUNDS,
                BenchSettings.SEARCH_RECORDINGS, BenchSettings.SEARCH_WARMUP, BenchSettings.SEARCH_REQUESTS,
                BenchSettings.ENRICH_CALLS, BenchSettings.ENRICH_WARMUP, BenchSettings.ENRICH_THREADS, minutes, rounds,
                BenchSettings.LIFECYCLE_RECORDINGS, BenchSettings.LIFECYCLE_PAGE_SIZE, BenchSettings.LIFECYCLE_ROUNDS,
                Set.of(BenchSettings.MUX), Path.of("a.zip"), Path.of("b.jar"), Path.of("lib"), Path.of("r.md"),
                "bench/run.sh");
    }

    @Test
    void lifecycleIsASectionWithItsOwnSizes() {
        assertThat(BenchSettings.ALL_SECTIONS).contains("lifecycle");
        assertThat(BenchSettings.LIFECYCLE_RECORDINGS).isEqualTo(10_000);
        assertThat(BenchSettings.LIFECYCLE_PAGE_SIZE).isEqualTo(100);
        assertThat(BenchSettings.LIFECYCLE_ROUNDS).isEqualTo(1);
        BenchSettings s = lifecycle(1000, 50, 2);
        assertThat(s.runs(BenchSettings.LIFECYCLE)).isTrue();
        assertThat(s.nonDefaultVariables()).isEqualTo("BENCH_LIFECYCLE_RECORDINGS=1000 BENCH_LIFECYCLE_PAGE_SIZE=50 "
                + "BENCH_LIFECYCLE_ROUNDS=2 BENCH_SECTIONS=lifecycle");
        assertThatThrownBy(() -> lifecycle(0, 100, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lifecycle(1000, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lifecycle(1000, BenchSettings.MAX_LIFECYCLE_PAGE_SIZE + 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lifecycle(1000, 100, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BenchSettings lifecycle(int recordings, int pageSize, int rounds) {
        return new BenchSettings(BenchSettings.WARMUP, BenchSettings.POSTS, BenchSettings.THREADS,
                BenchSettings.COLD_ROUNDS, BenchSettings.CRYPTO_MIB, BenchSettings.CRYPTO_ROUNDS,
                BenchSettings.CRYPTO_C1_MIB, BenchSettings.PLAYBACK_MIB, BenchSettings.PLAYBACK_WARMUP,
                BenchSettings.PLAYBACK_REQUESTS, BenchSettings.SEARCH_INDEX_RECORDINGS, BenchSettings.SEARCH_INDEX_ROUNDS,
                BenchSettings.SEARCH_RECORDINGS, BenchSettings.SEARCH_WARMUP, BenchSettings.SEARCH_REQUESTS,
                BenchSettings.ENRICH_CALLS, BenchSettings.ENRICH_WARMUP, BenchSettings.ENRICH_THREADS,
                BenchSettings.MUX_MINUTES, BenchSettings.MUX_ROUNDS, recordings, pageSize, rounds,
                Set.of(BenchSettings.LIFECYCLE), Path.of("a.zip"), Path.of("b.jar"), Path.of("lib"), Path.of("r.md"),
                "bench/run.sh");
    }
}
