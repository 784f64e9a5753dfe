package io.datashard.bench;

import java.io.BufferedInputStream;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP proxy in front of the S3 test server that adds a fixed round-trip time to every
 * request (it holds each request for {@code delayMillis} before forwarding it), so that counts of
 * requests and of sequential round trips turn into the latency they would have against a real
 * region (DESIGN §9.7). It records every request with the {@link System#nanoTime()} at which its
 * head had arrived and at which its response had been sent, so that both engines' S3 requests are
 * counted in one place, the same way.
 *
 * <p>One request per connection: every forwarded request and response carries {@code Connection:
 * close}. A client that keeps connections alive pays one round trip per request in a real region;
 * here a new loopback connection costs microseconds and is not delayed, so the model is the same.
 * {@code Expect: 100-continue} is answered at once (a real region would charge a round trip more
 * for it). Bytes are forwarded unchanged, so SigV4 signatures stay valid. A request with a chunked
 * body is refused (and recorded in {@link #errors()}): the SDK sends lengths, and this proxy does
 * not parse chunked bodies.
 */
final class DelayProxy implements AutoCloseable {
  /** One request: {@code "METHOD path?query"}, the response status, and when it ran. */
  record Request(String line, int status, long startNanos, long endNanos) {}

  private final int upstreamPort;
  private volatile long delayMillis;
  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "delay-proxy");
    t.setDaemon(true);
    return t;
  });
  private final List<Request> requests = new ArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong lastEnd = new AtomicLong(System.nanoTime());

  DelayProxy(int upstreamPort, long delayMillis) throws IOException {
    this.upstreamPort = upstreamPort;
    this.delayMillis = delayMillis;
    this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    pool.submit(this::acceptLoop);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Changes the added round-trip time (0 for the checks after a measurement). */
  void delayMillis(long millis) {
    this.delayMillis = millis;
  }

  /** The requests whose head arrived in {@code [fromNanos, toNanos)}, by start time. */
  List<Request> startedBetween(long fromNanos, long toNanos) {
    List<Request> out = new ArrayList<>();
    synchronized (requests) {
      for (Request r : requests) {
        if (r.startNanos() >= fromNanos && r.startNanos() < toNanos) {
          out.add(r);
        }
      }
    }
    out.sort((x, y) -> Long.compare(x.startNanos(), y.startNanos()));
    return out;
  }

  /**
   * Waits until no request has been in flight for {@code quietMillis} (so work a client does in
   * the background after a call returns is over), at most 60 s.
   */
  void awaitQuiet(long quietMillis) throws InterruptedException {
    long giveUp = System.nanoTime() + 60_000_000_000L;
    while (inFlight.get() > 0 || System.nanoTime() - lastEnd.get() < quietMillis * 1_000_000L) {
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException("S3 requests still in flight after 60 s: " + inFlight);
      }
      Thread.sleep(1);
    }
  }

  /** Failures inside the proxy; a measurement is void unless this is empty. */
  List<Throwable> errors() {
    return List.copyOf(errors);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        inFlight.incrementAndGet();
        pool.submit(() -> {
          try {
            handle(client);
          } finally {
            lastEnd.set(System.nanoTime());
            inFlight.decrementAndGet();
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
      InputStream in = new BufferedInputStream(client.getInputStream());
      String head = readHead(in);
      if (head == null) {
        return; // the client opened a connection and closed it unused
      }
      long start = System.nanoTime();
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      request = requestLine[0] + " " + requestLine[1];
      long contentLength = 0;
      boolean expectContinue = false;
      StringBuilder forwardHead = new StringBuilder(lines[0]).append("\r\n");
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        switch (name) {
          case "content-length":
            contentLength = Long.parseLong(value);
            break;
          case "transfer-encoding":
            throw new IOException("chunked request bodies are not supported: " + request);
          case "expect":
            expectContinue = true;
            continue; // answered here; not signed, so dropping it keeps the signature valid
          case "connection":
            continue;
          default:
            break;
        }
        forwardHead.append(lines[i]).append("\r\n");
      }
      forwardHead.append("Connection: close\r\n\r\n");
      OutputStream out = client.getOutputStream();
      if (expectContinue) {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      byte[] body = in.readNBytes((int) contentLength);
      if (body.length != contentLength) {
        throw new EOFException("request body of " + request + " ended early");
      }
      long delay = delayMillis;
      if (delay > 0) {
        Thread.sleep(delay);
      }
      byte[] response = forward(forwardHead.toString(), body);
      out.write(response);
      out.flush();
      int status = Integer.parseInt(new String(response, 9, 3, StandardCharsets.US_ASCII));
      Request r = new Request(request, status, start, System.nanoTime());
      synchronized (requests) {
        requests.add(r);
      }
    } catch (Exception e) {
      errors.add(new IOException("while proxying " + request + ": " + e, e));
    }
  }

  /** Sends one request upstream; returns the final response, marked {@code Connection: close}. */
  private byte[] forward(String head, byte[] body) throws IOException {
    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      OutputStream out = upstream.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = new BufferedInputStream(upstream.getInputStream());
      String responseHead;
      do {
        responseHead = readHead(in);
        if (responseHead == null) {
          throw new EOFException("the S3 server closed without a response");
        }
      } while (responseHead.startsWith("HTTP/1.1 1")); // an interim 100 Continue
      byte[] rest = in.readAllBytes(); // the server closes after the response (Connection: close)
      StringBuilder h = new StringBuilder();
      for (String line : responseHead.split("\r\n")) {
        if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
          h.append(line).append("\r\n");
        }
      }
      h.append("Connection: close\r\n\r\n");
      ByteArrayOutputStream all = new ByteArrayOutputStream(h.length() + rest.length);
      all.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
      all.write(rest);
      return all.toByteArray();
    }
  }

  /** Reads a message head up to, not including, the blank line; null at a clean end of stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(512);
    int state = 0; // how much of "\r\n\r\n" has been seen
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        if (b.size() == 0) {
          return null;
        }
        throw new EOFException("connection closed inside a message head");
      }
      b.write(c);
      if (c == '\r') {
        state = state == 2 ? 3 : 1;
      } else if (c == '\n' && (state == 1 || state == 3)) {
        state++;
      } else {
        state = 0;
      }
    }
    String s = b.toString(StandardCharsets.ISO_8859_1);
    return s.substring(0, s.length() - 4);
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
