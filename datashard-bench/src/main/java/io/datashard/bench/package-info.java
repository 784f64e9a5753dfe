/**
 * JMH benchmarks of DataShard beside Apache Iceberg-Java (HadoopTables) doing the same work in
 * the same run, on local disk (DESIGN §8, issue 5). Each benchmark has an {@code engine}
 * parameter; {@link io.datashard.bench.Engine} and {@link io.datashard.bench.BenchTable} hide the
 * two libraries behind the handful of operations that are timed. Every benchmark checks its
 * result and throws when it is wrong. How to run them and the latest figures:
 * {@code docs/performance.md}.
 */
package io.datashard.bench;
