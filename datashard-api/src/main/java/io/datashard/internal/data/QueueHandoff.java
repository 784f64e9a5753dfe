package io.datashard.internal.data;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Hands an item from a producer thread to a bounded queue without outliving its consumer: the
 * producer waits while the queue is full, but gives up once the consumer has closed (checked
 * every 50 ms), so no producer thread stays blocked on a queue nobody takes from.
 */
public final class QueueHandoff {
  private QueueHandoff() {}

  /**
   * Puts {@code item} on {@code queue}; false if {@code closed} became true (or the thread was
   * interrupted) first, in which case the caller still owns the item.
   */
  public static boolean offer(BlockingQueue<Object> queue, Object item, BooleanSupplier closed) {
    try {
      while (!closed.getAsBoolean()) {
        if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
