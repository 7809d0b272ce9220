package io.callvault.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Cold starts of one run: the samples of callvault's artifact and of the baseline, measured interleaved. */
record ColdStartFigures(ColdStartBenchmark.Target callvault, List<ColdStartBenchmark.Sample> callvaultSamples,
                        ColdStartBenchmark.Target baseline, List<ColdStartBenchmark.Sample> baselineSamples) {

    static double median(List<ColdStartBenchmark.Sample> samples, ToDoubleFunction<ColdStartBenchmark.Sample> figure) {
        double[] v = samples.stream().mapToDouble(figure).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double min(List<ColdStartBenchmark.Sample> samples, ToDoubleFunction<ColdStartBenchmark.Sample> figure) {
        return samples.stream().mapToDouble(figure).min().orElseThrow();
    }

    static String all(List<ColdStartBenchmark.Sample> samples) {
        return Arrays.toString(samples.stream().mapToLong(s -> Math.round(s.wallMs())).toArray());
    }
}
