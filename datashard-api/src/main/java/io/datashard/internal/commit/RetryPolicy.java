package io.datashard.internal.commit;

import io.datashard.DataShardConfig;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a commit keeps trying after losing races: bounded by attempts and by total time, with
 * exponential backoff and full jitter (a random sleep between zero and the exponential cap), so
 * writers that collided do not collide again in lock step.
 *
 * @param maxAttempts attempts at the commit point, at least 1
 * @param timeoutMillis total time budget of one commit
 * @param minBackoffMillis backoff cap after the first lost race
 * @param maxBackoffMillis largest backoff cap
 */
public record RetryPolicy(int maxAttempts, long timeoutMillis, long minBackoffMillis,
    long maxBackoffMillis) {

  public static RetryPolicy from(DataShardConfig config) {
    long min = config.getLong(DataShardConfig.COMMIT_BACKOFF_MIN_MS, 2, 0, 60_000);
    return new RetryPolicy(
        (int) config.getLong(DataShardConfig.COMMIT_MAX_ATTEMPTS, 100, 1, 100_000),
        config.getLong(DataShardConfig.COMMIT_TIMEOUT_MS, 120_000, 1, 86_400_000),
        min,
        config.getLong(DataShardConfig.COMMIT_BACKOFF_MAX_MS, 500, min, 600_000));
  }

  /** The sleep before attempt {@code attempt + 1}, after {@code attempt} lost races. */
  public long backoffMillis(int attempt) {
    long cap = minBackoffMillis << Math.min(attempt - 1, 20);
    cap = Math.max(0, Math.min(cap, maxBackoffMillis));
    return cap == 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
  }
}
