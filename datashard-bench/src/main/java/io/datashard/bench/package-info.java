/**
 * JMH benchmarks of DataShard beside Apache Iceberg-Java (HadoopTables) doing the same work in
 * the same run, on local disk (DESIGN §8, issue 5). Each benchmark has an {@code engine}
 * parameter; {@link io.datashard.bench.Engine} and {@link io.datashard.bench.BenchTable} hide the
 * two libraries behind the handful of operations that are timed. Workloads that JMH does not fit
 * are plain programs: {@link io.datashard.bench.MetadataGrowth} (6), {@link
 * io.datashard.bench.WriterScaling} and {@link io.datashard.bench.WriterProcesses} (4: writer
 * threads and writer JVMs) and {@link io.datashard.bench.S3Commits} (7: S3 behind a delaying
 * proxy). Every benchmark checks its result and throws when it is wrong. How to run them and
 * the latest figures: {@code docs/performance.md}.
 */
package io.datashard.bench;
