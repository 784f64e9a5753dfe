package io.datashard.storage.s3;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Records every HTTP request the SDK sends (each attempt, retries included) as {@code "METHOD
 * path?query"}, with the bucket and prefix left in, for request accounting. Each request also
 * gets two stamps from one counter: when it was sent and when its response (or failure) came
 * back. They order events without clocks, so {@link #depths()} can tell which requests were in
 * flight at once and how many sequential round trips a piece of work took.
 */
final class RequestLog implements ExecutionInterceptor {
  private static final ExecutionAttribute<Entry> ENTRY = new ExecutionAttribute<>("requestLog");

  /** One request: its line, and its send and completion stamps (-1 until it completed). */
  static final class Entry {
    final String line;
    final long sent;
    volatile long completed = -1;

    Entry(String line, long sent) {
      this.line = line;
      this.sent = sent;
    }

    @Override
    public String toString() {
      return line + " (sent " + sent + ", completed " + completed + ")";
    }
  }

  private final AtomicLong clock = new AtomicLong();
  private final List<Entry> entries = new ArrayList<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
    SdkHttpRequest r = context.httpRequest();
    String query = r.encodedQueryParameters().map(q -> "?" + q).orElse("");
    String line = r.method() + " " + r.encodedPath() + query
        + (r.firstMatchingHeader("If-None-Match").isPresent() ? " [If-None-Match]" : "")
        + r.firstMatchingHeader("Range").map(v -> " [Range: " + v + "]").orElse("")
        + r.firstMatchingHeader("x-amz-server-side-encryption").map(v -> " [SSE: " + v + "]")
            .orElse("");
    Entry e = new Entry(line, clock.incrementAndGet());
    attrs.putAttribute(ENTRY, e);
    synchronized (entries) {
      entries.add(e);
    }
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attrs) {
    complete(attrs);
    logGet(context);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attrs) {
    complete(attrs);
  }

  private void complete(ExecutionAttributes attrs) {
    Entry e = attrs.getAttribute(ENTRY);
    if (e != null && e.completed < 0) {
      e.completed = clock.incrementAndGet();
    }
  }

  /** GET responses as "GET path [Range: ...] -> N bytes" (Content-Length), in arrival order. */
  private final List<String> gets = new ArrayList<>();

  private void logGet(Context.AfterTransmission context) {
    SdkHttpRequest r = context.httpRequest();
    if (r.method() != software.amazon.awssdk.http.SdkHttpMethod.GET) {
      return;
    }
    String line = "GET " + r.encodedPath()
        + r.firstMatchingHeader("Range").map(v -> " [Range: " + v + "]").orElse("")
        + " -> " + context.httpResponse().firstMatchingHeader("Content-Length").orElse("?")
        + " bytes";
    synchronized (gets) {
      gets.add(line);
    }
  }

  /** The GET responses logged so far (see {@link #logGet}). */
  List<String> gets() {
    synchronized (gets) {
      return List.copyOf(gets);
    }
  }

  List<String> requests() {
    synchronized (entries) {
      return entries.stream().map(e -> e.line).toList();
    }
  }

  List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  /**
   * The dependency depth of each request, in the order they were sent: 1 for a request sent
   * before any other completed, else 1 + the largest depth among the requests that completed
   * before it was sent. The largest depth is the number of sequential round trips.
   */
  Map<Entry, Integer> depths() {
    List<Entry> sorted = new ArrayList<>(entries());
    sorted.sort(Comparator.comparingLong(e -> e.sent));
    Map<Entry, Integer> depth = new LinkedHashMap<>();
    for (Entry r : sorted) {
      int d = 1;
      for (Map.Entry<Entry, Integer> q : depth.entrySet()) {
        long done = q.getKey().completed;
        if (done >= 0 && done < r.sent) {
          d = Math.max(d, q.getValue() + 1);
        }
      }
      depth.put(r, d);
    }
    return depth;
  }

  void clear() {
    synchronized (entries) {
      entries.clear();
    }
    synchronized (gets) {
      gets.clear();
    }
  }
}
