package io.datashard.storage.s3;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A loopback HTTP proxy between the SDK and the S3 test server that injects faults into requests
 * matching a pattern (TESTING.md, "Fault injection"): answer 503 SlowDown, reset the connection,
 * delay before forwarding (past the client's timeout), or forward and then drop the response
 * ("applied but unacknowledged"). Every response carries {@code Connection: close}, so each
 * connection holds one request and faults hit exactly the request they match. Bytes are forwarded
 * unchanged, so SigV4 signatures stay valid (only {@code Expect}, which is not signed, is answered
 * here).
 *
 * <p>It can also hold responses ({@link #holdResponses}): requests are applied upstream at once,
 * but their responses go back only when a given number of matching requests have arrived. That
 * makes the overlap of concurrent requests certain instead of lucky, without any timing: requests
 * sent one after another never reach the count (the second is sent only after the first's
 * response), and a fallback releases them so such code fails its assertions instead of hanging.
 *
 * <p>It can also add a fixed latency to every request ({@link #latencyMillis}) and records when
 * each request arrived and when its response went back ({@link #startedBetween}), so that counts
 * of requests and of sequential round trips turn into the latency they would have against a real
 * region. The benchmarks (datashard-bench, through this module's test-jar) use it that way.
 */
public final class FaultProxy implements AutoCloseable {
  /** One forwarded request: {@code "METHOD path?query"}, the response status, when it ran. */
  public record Request(String line, int status, long startNanos, long endNanos) {}

  /** What to do to a matching request. */
  enum Fault {
    SLOW_DOWN_503, ACCESS_DENIED_403, WRONG_REGION_301, CONFLICT_409, RESET, DELAY_THEN_FORWARD,
    FORWARD_THEN_DROP
  }

  private static final class Rule {
    final Pattern request;
    final Fault fault;
    int remaining;
    final Runnable beforeForward;

    Rule(Pattern request, Fault fault, int times, Runnable beforeForward) {
      this.request = request;
      this.fault = fault;
      this.remaining = times;
      this.beforeForward = beforeForward;
    }
  }

  private final int upstreamPort;
  private final long delayMillis;
  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final List<Rule> rules = new ArrayList<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<String> injected = new CopyOnWriteArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final List<String> forwarded = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.Phaser inFlight = new java.util.concurrent.Phaser(1);
  private final List<Gate> gates = new ArrayList<>();
  private final List<String> releasedByFallback = new CopyOnWriteArrayList<>();
  private final List<Request> timed = new ArrayList<>();
  private final java.util.concurrent.atomic.AtomicLong lastEnd =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
  private volatile long latencyMillis;

  /** Responses held until {@code count} matching requests have arrived. */
  private static final class Gate {
    final Pattern request;
    final int count;
    final long fallbackMillis;
    final java.util.concurrent.CountDownLatch arrived;
    int taken;

    Gate(Pattern request, int count, long fallbackMillis) {
      this.request = request;
      this.count = count;
      this.fallbackMillis = fallbackMillis;
      this.arrived = new java.util.concurrent.CountDownLatch(count);
    }
  }

  /**
   * A proxy to the S3 server on {@code upstreamPort}.
   *
   * @param delayMillis how long {@link Fault#DELAY_THEN_FORWARD} waits before forwarding
   */
  public FaultProxy(int upstreamPort, long delayMillis) throws IOException {
    this.upstreamPort = upstreamPort;
    this.delayMillis = delayMillis;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.submit(this::acceptLoop);
  }

  /** The proxy's address, for the SDK's endpoint override. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /**
   * Applies {@code fault} to the next {@code times} requests whose {@code "METHOD path?query"}
   * matches {@code regex} (found anywhere in it).
   */
  FaultProxy inject(String regex, Fault fault, int times) {
    return inject(regex, fault, times, null);
  }

  /** As {@link #inject(String, Fault, int)}, running {@code beforeForward} before forwarding. */
  synchronized FaultProxy inject(String regex, Fault fault, int times, Runnable beforeForward) {
    rules.add(new Rule(Pattern.compile(regex), fault, times, beforeForward));
    return this;
  }

  /**
   * Holds the responses of the next {@code count} requests matching {@code regex} until all
   * {@code count} have been applied upstream; if they have not after {@code fallbackMillis}, each
   * is released anyway and recorded in {@link #releasedByFallback()}.
   */
  synchronized FaultProxy holdResponses(String regex, int count, long fallbackMillis) {
    gates.add(new Gate(Pattern.compile(regex), count, fallbackMillis));
    return this;
  }

  /** Requests whose held response was released by the fallback rather than by the count. */
  List<String> releasedByFallback() {
    return List.copyOf(releasedByFallback);
  }

  private synchronized Gate gate(String request) {
    for (Gate g : gates) {
      if (g.taken < g.count && g.request.matcher(request).find()) {
        g.taken++;
        return g;
      }
    }
    return null;
  }

  /** Every request seen, as {@code "METHOD path?query"}. */
  List<String> seen() {
    return List.copyOf(seen);
  }

  /** The faults applied, as {@code "FAULT METHOD path?query"}. */
  List<String> injected() {
    return List.copyOf(injected);
  }

  /** Requests forwarded upstream, as {@code "STATUS METHOD path?query"}. */
  List<String> forwarded() {
    return List.copyOf(forwarded);
  }

  /** Waits (at most 60 s) until no connection is being handled, e.g. a delayed forward. */
  void awaitQuiet() throws Exception {
    inFlight.awaitAdvanceInterruptibly(inFlight.arrive(), 60, java.util.concurrent.TimeUnit.SECONDS);
  }

  /**
   * Adds {@code millis} to every request from now on (it is held that long before being
   * forwarded), modelling a region's round-trip time; 0 turns it off.
   */
  public void latencyMillis(long millis) {
    this.latencyMillis = millis;
  }

  /** The forwarded requests whose head arrived in {@code [fromNanos, toNanos)}, by arrival. */
  public List<Request> startedBetween(long fromNanos, long toNanos) {
    List<Request> out = new ArrayList<>();
    synchronized (timed) {
      for (Request r : timed) {
        if (r.startNanos() >= fromNanos && r.startNanos() < toNanos) {
          out.add(r);
        }
      }
    }
    out.sort((x, y) -> Long.compare(x.startNanos(), y.startNanos()));
    return out;
  }

  /**
   * Waits until no connection has been handled for {@code quietMillis} (so work a client does in
   * the background after a call returned is over), at most 60 s.
   */
  public void awaitQuiet(long quietMillis) throws InterruptedException {
    long giveUp = System.nanoTime() + 60_000_000_000L;
    while (inFlight.getUnarrivedParties() > 1
        || System.nanoTime() - lastEnd.get() < quietMillis * 1_000_000L) {
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException("S3 requests still in flight after 60 s");
      }
      Thread.sleep(1);
    }
  }

  /** Failures inside the proxy itself (not the faults it injected). */
  public List<Throwable> errors() {
    return List.copyOf(errors);
  }

  private synchronized Rule match(String request) {
    for (Rule r : rules) {
      if (r.remaining > 0 && r.request.matcher(request).find()) {
        r.remaining--;
        return r;
      }
    }
    return null;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        inFlight.register();
        pool.submit(() -> {
          try {
            handle(client);
          } finally {
            lastEnd.set(System.nanoTime());
            inFlight.arriveAndDeregister();
          }
        });
      } catch (IOException e) {
        if (!server.isClosed()) {
          errors.add(e);
        }
      }
    }
  }

  private void handle(Socket client) {
    String request = "(no request yet)";
    try (client) {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return; // the client opened and closed a connection
      }
      long start = System.nanoTime();
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      request = requestLine[0] + " " + requestLine[1];
      seen.add(request);
      long contentLength = 0;
      boolean expectContinue = false;
      StringBuilder forwardedHead = new StringBuilder(lines[0]).append("\r\n");
      for (int i = 1; i < lines.length; i++) {
        String name = lines[i].substring(0, lines[i].indexOf(':')).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(lines[i].indexOf(':') + 1).trim();
        if (name.equals("content-length")) {
          contentLength = Long.parseLong(value);
        }
        if (name.equals("transfer-encoding")) {
          throw new IOException("chunked request bodies are not supported: " + request);
        }
        if (name.equals("expect")) {
          expectContinue = true;
          continue;
        }
        if (name.equals("connection")) {
          continue;
        }
        forwardedHead.append(lines[i]).append("\r\n");
      }
      forwardedHead.append("Connection: close\r\n\r\n");
      if (expectContinue) {
        client.getOutputStream().write(
            "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
      }
      byte[] body = in.readNBytes((int) contentLength);
      if (body.length != contentLength) {
        throw new EOFException("Request body of " + request + " ended early");
      }
      Rule rule = match(request);
      Fault fault = rule == null ? null : rule.fault;
      if (fault != null) {
        injected.add(fault + " " + request);
      }
      if (fault == Fault.SLOW_DOWN_503 || fault == Fault.ACCESS_DENIED_403
          || fault == Fault.WRONG_REGION_301 || fault == Fault.CONFLICT_409) {
        String status;
        String error;
        if (fault == Fault.SLOW_DOWN_503) {
          status = "503 Slow Down";
          error = "<Code>SlowDown</Code><Message>Please reduce your request rate.</Message>";
        } else if (fault == Fault.ACCESS_DENIED_403) {
          status = "403 Forbidden";
          error = "<Code>AccessDenied</Code><Message>Access Denied</Message>";
        } else if (fault == Fault.CONFLICT_409) {
          status = "409 Conflict";
          error = "<Code>ConditionalRequestConflict</Code><Message>A conflicting conditional"
              + " operation is currently in progress against this resource.</Message>";
        } else {
          status = "301 Moved Permanently";
          error = "<Code>PermanentRedirect</Code><Message>The bucket you are attempting to access"
              + " must be addressed using the specified endpoint.</Message>";
        }
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>" + error + "</Error>";
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        client.getOutputStream().write(("HTTP/1.1 " + status
            + "\r\nContent-Type: application/xml"
            + "\r\nContent-Length: " + b.length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().write(b);
        client.getOutputStream().flush();
        return;
      }
      if (fault == Fault.RESET) {
        client.setSoLinger(true, 0); // close() now sends RST
        return;
      }
      if (fault == Fault.DELAY_THEN_FORWARD) {
        Thread.sleep(delayMillis);
      }
      if (rule != null && rule.beforeForward != null) {
        rule.beforeForward.run();
      }
      long latency = latencyMillis;
      if (latency > 0) {
        Thread.sleep(latency);
      }
      byte[] response = forward(forwardedHead.toString(), body);
      forwarded.add(new String(response, 9, 3, StandardCharsets.US_ASCII) + " " + request);
      Gate gate = gate(request);
      if (gate != null) {
        gate.arrived.countDown();
        if (!gate.arrived.await(gate.fallbackMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          releasedByFallback.add(request);
        }
      }
      if (fault == Fault.FORWARD_THEN_DROP) {
        client.setSoLinger(true, 0); // applied upstream; the client never hears of it
        return;
      }
      try {
        OutputStream out = client.getOutputStream();
        out.write(response);
        out.flush();
        Request r = new Request(request,
            Integer.parseInt(new String(response, 9, 3, StandardCharsets.US_ASCII)), start,
            System.nanoTime());
        synchronized (timed) {
          timed.add(r);
        }
      } catch (IOException e) {
        if (fault != Fault.DELAY_THEN_FORWARD) {
          throw e; // after a delay the client has given up and closed: expected
        }
      }
    } catch (Exception e) {
      errors.add(new IOException("While handling " + request + ": " + e, e));
    }
  }

  /** Sends the request upstream and returns the final response with {@code Connection: close}. */
  private byte[] forward(String head, byte[] body) throws IOException {
    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      OutputStream out = upstream.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = upstream.getInputStream();
      String responseHead;
      do {
        responseHead = readHead(in);
        if (responseHead == null) {
          throw new EOFException("Upstream closed without a response");
        }
      } while (responseHead.startsWith("HTTP/1.1 1")); // skip 100 Continue
      byte[] rest = in.readAllBytes(); // upstream closes after the response (Connection: close)
      StringBuilder h = new StringBuilder();
      for (String line : responseHead.split("\r\n")) {
        if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
          h.append(line).append("\r\n");
        }
      }
      h.append("Connection: close\r\n\r\n");
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
      all.write(rest);
      return all.toByteArray();
    }
  }

  /** Reads up to and excluding the blank line; null at a clean end of stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int c = in.read();
      if (c < 0) {
        if (b.size() == 0) {
          return null;
        }
        throw new EOFException("Connection closed inside a message head");
      }
      b.write(c);
      matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1
          || matched == 3)) ? matched + 1 : (c == '\r' ? 1 : 0);
    }
    String s = b.toString(StandardCharsets.ISO_8859_1);
    return s.substring(0, s.length() - 4);
  }

  /** Stops accepting and drops connections still being handled. */
  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
