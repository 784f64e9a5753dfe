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

  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  void clear() {
    synchronized (requests) {
      requests.clear();
    }
  }
}
