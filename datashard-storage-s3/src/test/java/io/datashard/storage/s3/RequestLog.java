package io.datashard.storage.s3;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Records every HTTP request the SDK sends (each attempt, retries included) as {@code "METHOD
 * path?query"}, with the bucket and prefix left in, for request accounting.
 */
final class RequestLog implements ExecutionInterceptor {
  private final List<String> requests = new ArrayList<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
    SdkHttpRequest r = context.httpRequest();
    String query = r.encodedQueryParameters().map(q -> "?" + q).orElse("");
    String line = r.method() + " " + r.encodedPath() + query
        + (r.firstMatchingHeader("If-None-Match").isPresent() ? " [If-None-Match]" : "")
        + r.firstMatchingHeader("Range").map(v -> " [Range: " + v + "]").orElse("")
        + r.firstMatchingHeader("x-amz-server-side-encryption").map(v -> " [SSE: " + v + "]")
            .orElse("");
    synchronized (requests) {
      requests.add(line);
    }
  }

  /** GET responses as "GET path [Range: ...] -> N bytes" (Content-Length), in arrival order. */
  private final List<String> gets = new ArrayList<>();

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attrs) {
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

  /** The GET responses logged so far (see {@link #afterTransmission}). */
  List<String> gets() {
    synchronized (gets) {
      return List.copyOf(gets);
    }
  }

  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  void clear() {
    synchronized (requests) {
      requests.clear();
    }
    synchronized (gets) {
      gets.clear();
    }
  }
}
