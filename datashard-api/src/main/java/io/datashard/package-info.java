/**
 * DataShard's public API: open a {@link io.datashard.Warehouse} (or use the environment-configured
 * {@link io.datashard.DataShard} facade), create or load a {@link io.datashard.Table}, append
 * records, and read {@link io.datashard.Snapshot}s back through a {@link io.datashard.TableScan}.
 *
 * <p>Everything under {@code io.datashard.internal} is implementation and may change without
 * notice.
 */
package io.datashard;
