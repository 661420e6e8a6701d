"""Sorts JFR execution samples (the text of `jfr print --events jdk.ExecutionSample`) into the
steps of a traffic-analytics run, by the first known step (in the order of STEPS) that a frame of each stack names,
and prints each step's share of the samples (bench/profile.sh)."""
import collections
import re
import sys

# (step, frame prefix), in order of precedence: a sample counts for the first step in this list
# that any frame of its stack names (so the parse inside the read counts as the parse, the bag
# copies inside Beam's merge as the copies).
STEPS = [
    ("Beam: options registry (PipelineOptionsFactory)", "org.apache.beam.sdk.options.PipelineOptionsFactory."),
    ("ours: checks and output plan", "com.trafficanalytics.TrafficAnalyticsPipeline.check"),
    ("Beam: pipeline construction and DirectRunner rewrites", "com.trafficanalytics.TrafficAnalyticsPipeline.build"),
    ("Beam: DirectRunner start (rewrites, graph)", "org.apache.beam.runners.direct.DirectRunner.run"),
    ("Beam: DirectRunner per-bundle DoFn translation", "org.apache.beam.runners.direct.TransformEvaluatorRegistry.forApplication"),
    ("Beam: DirectRunner timers and watermarks", "org.apache.beam.runners.direct.QuiescenceDriver"),
    ("Beam: DirectRunner per-element metrics bookkeeping", "org.apache.beam.runners.core.metrics.MetricsContainerImpl."),
    ("Beam: DirectRunner merge state copies (GroupAlsoByWindow bag)", "org.apache.beam.runners.core.InMemoryStateInternals$InMemoryBag.copy"),
    ("ours: read, parse, pre-aggregate: parse", "com.trafficanalytics.events.EventParser.parse"),
    ("ours: read, parse, pre-aggregate: partial figures", "com.trafficanalytics.analysis.PartialTraffic"),
    ("ours: read, parse, pre-aggregate: line reading", "com.trafficanalytics.read.LineReader"),
    ("ours: read, parse, pre-aggregate: other", "com.trafficanalytics.read.ReadAndPreAggregateFn"),
    ("ours: merge (CombineFn)", "com.trafficanalytics.analysis.MergePartialTraffic"),
    ("Beam: merge, coders", "org.apache.beam.runners.core.ReduceFnRunner"),
    ("Beam: combine inputs (lifted)", "org.apache.beam.runners.direct.MultiStepCombine"),
    ("ours+Beam: output rows as JSON, files", "com.trafficanalytics.sinks."),
    ("ours: report", "com.trafficanalytics.report."),
    ("Beam: I/O (file matching and writes, BigQueryIO class start)", "org.apache.beam.sdk.io."),
    ("JVM start, class loading", "sun.launcher."),
]


def main(path):
    text = open(path).read()
    counts = collections.Counter()
    total = 0
    for sample in text.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s{4}([^\s(]+)\(", sample, re.M)
        if not frames:
            continue
        total += 1
        found = min(
            (index for index, (_, prefix) in enumerate(STEPS) for frame in frames
             if frame.startswith(prefix)),
            default=None)
        counts[STEPS[found][0] if found is not None else "other (Beam's and the JDK's)"] += 1
    print(f"{total} samples of Java threads (JFR, 20 ms)")
    print("| where | share of samples |")
    print("|---|---|")
    for name, n in counts.most_common():
        print(f"| {name} | {100 * n / total:.1f}% |")


if __name__ == "__main__":
    main(sys.argv[1])
