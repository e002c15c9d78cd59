package io.promptstream.schemas.registry;

import io.promptstream.schemas.registry.internal.ChildProcesses;
import io.promptstream.schemas.registry.internal.LogTail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry (in-memory storage) running as a child process on a free loopback port,
 * for tests and the local demo.
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(workDir)) {
 *   SchemaRegistryClient client = HttpSchemaRegistryClient.create(registry.url());
 *   ...
 * }
 * }</pre>
 *
 * <p>The registry is the unpacked {@code apicurio-registry-app} distribution (its {@code
 * *-runner.jar} and {@code lib/}); the schemas build unpacks it into {@code
 * schemas/target/apicurio-registry} and passes that path to tests as the system property {@value
 * #REGISTRY_HOME_PROPERTY}. It runs on the same {@code java} as this JVM with a {@value #MAX_HEAP}
 * heap. Everything it writes stays below {@code workDir}: its temp files and Vert.x cache in {@code
 * workDir/tmp}, its output in {@code workDir/registry.log}; JVM perf data (which ignores {@code
 * java.io.tmpdir}) is turned off. One registry per work directory.
 *
 * <p>The child never outlives this JVM's orderly exit: a shutdown hook stops it, and {@link
 * #close()} stops it and removes the hook. If this JVM is killed outright the hook cannot run; the
 * next {@code start} in the same work directory then stops the leftover process, found through
 * {@code workDir/registry.pid}.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
  /** The system property naming the unpacked registry distribution. */
  public static final String REGISTRY_HOME_PROPERTY = "promptstream.registry.home";

  /** How long {@code start} waits for the registry to answer before giving up. */
  public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  /** The child's maximum heap; in-memory storage of a few schemas needs little. */
  public static final String MAX_HEAP = "256m";

  /** Where Apicurio serves the Confluent-compatible API. */
  public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
  private static final String LOG_FILE = "registry.log";
  private static final String PID_FILE = "registry.pid";
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  // A free port can be taken by someone else between our probe and the child's bind; retry then.
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final URI url;
  private final Path workDir;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedSchemaRegistry(Process process, URI url, Path workDir, Thread shutdownHook) {
    this.process = process;
    this.url = url;
    this.workDir = workDir;
    this.shutdownHook = shutdownHook;
  }

  /**
   * Starts the registry found through the system property {@value #REGISTRY_HOME_PROPERTY}.
   *
   * @param workDir where the registry's files go; created if missing
   * @throws IllegalStateException if the property is unset or does not name a registry
   *     distribution, or the registry does not answer within {@link #STARTUP_TIMEOUT}
   */
  public static EmbeddedSchemaRegistry start(Path workDir) {
    String home = System.getProperty(REGISTRY_HOME_PROPERTY);
    if (home == null || home.isBlank()) {
      throw new IllegalStateException(
          "System property "
              + REGISTRY_HOME_PROPERTY
              + " is not set; it must name the directory an Apicurio Registry distribution"
              + " (apicurio-registry-app, classifier 'all') was unpacked into. The schemas build"
              + " unpacks one into schemas/target/apicurio-registry.");
    }
    return start(Path.of(home), workDir);
  }

  /**
   * Starts the registry unpacked in {@code registryHome}.
   *
   * @param registryHome the directory holding the registry's {@code *-runner.jar} and {@code lib/}
   * @param workDir where the registry's files go; created if missing
   * @throws IllegalStateException if {@code registryHome} holds no runner jar, or the registry does
   *     not answer within {@link #STARTUP_TIMEOUT}; the child is stopped then
   */
  public static EmbeddedSchemaRegistry start(Path registryHome, Path workDir) {
    Objects.requireNonNull(registryHome, "registryHome");
    Path work = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
    Path runnerJar = findRunnerJar(registryHome);
    try {
      Files.createDirectories(work.resolve("tmp"));
      ChildProcesses.stopLeftover(work.resolve(PID_FILE), runnerJar.getFileName().toString());
      Files.deleteIfExists(work.resolve(LOG_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare registry work directory " + work, e);
    }
    for (int attempt = 1; ; attempt++) {
      int port = freeLoopbackPort();
      Process process = launch(runnerJar, work, port);
      Thread hook = new Thread(() -> ChildProcesses.stop(process, STOP_GRACE), "registry-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      URI url = URI.create("http://127.0.0.1:" + port + CCOMPAT_PATH);
      try {
        awaitReady(process, url, work);
        log.info("Schema registry (pid {}) serving {}", process.pid(), url);
        return new EmbeddedSchemaRegistry(process, url, work, hook);
      } catch (RuntimeException e) {
        ChildProcesses.stop(process, STOP_GRACE);
        Runtime.getRuntime().removeShutdownHook(hook);
        if (attempt < START_ATTEMPTS && portWasTaken(work)) {
          log.warn("Port {} was taken before the registry bound it; retrying", port);
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * The Confluent-compatible API's base URL, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}.
   */
  public URI url() {
    return url;
  }

  /** The child process's id. */
  public long pid() {
    return process.pid();
  }

  /** The registry's combined stdout and stderr. */
  public Path logFile() {
    return workDir.resolve(LOG_FILE);
  }

  /**
   * Stops the registry: asks it to shut down, kills it (and any processes it started) if it has not
   * exited within a few seconds, and waits until it is gone. Calling again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException jvmShuttingDown) {
      // The hook is running or about to; stopping twice is harmless.
    }
    ChildProcesses.stop(process, STOP_GRACE);
    try {
      Files.deleteIfExists(workDir.resolve(PID_FILE));
    } catch (IOException e) {
      log.debug("Could not delete {}", workDir.resolve(PID_FILE), e);
    }
    log.info("Schema registry (pid {}) stopped", process.pid());
  }

  @Override
  public String toString() {
    return "EmbeddedSchemaRegistry[" + url + ", pid " + process.pid() + "]";
  }

  private static Path findRunnerJar(Path registryHome) {
    List<Path> jars = new ArrayList<>();
    if (Files.isDirectory(registryHome)) {
      try (DirectoryStream<Path> found = Files.newDirectoryStream(registryHome, "*-runner.jar")) {
        found.forEach(jars::add);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not list registry home " + registryHome, e);
      }
    }
    if (jars.size() != 1) {
      throw new IllegalStateException(
          "Registry home "
              + registryHome.toAbsolutePath()
              + " (system property "
              + REGISTRY_HOME_PROPERTY
              + ") must hold exactly one Apicurio '*-runner.jar', found "
              + jars.size()
              + "; run the schemas build to unpack the registry");
    }
    return jars.get(0).toAbsolutePath();
  }

  private static Process launch(Path runnerJar, Path work, int port) {
    Path tmp = work.resolve("tmp");
    List<String> command =
        List.of(
            javaExecutable(),
            "-Xmx" + MAX_HEAP,
            // Quick start and little CPU on small machines; throughput does not matter here.
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            // hsperfdata is written to /tmp whatever java.io.tmpdir says.
            "-XX:-UsePerfData",
            "-Djava.io.tmpdir=" + tmp,
            "-Dvertx.cacheDirBase=" + tmp.resolve("vertx-cache"),
            "-Dapicurio.import.work-dir=" + tmp,
            "-Dapicurio.storage.snapshot.location=" + tmp,
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=" + port,
            "-jar",
            runnerJar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(LOG_FILE).toFile()));
    builder.environment().put("TMPDIR", tmp.toString());
    try {
      Process process = builder.start();
      Files.writeString(
          work.resolve(PID_FILE), Long.toString(process.pid()), StandardCharsets.US_ASCII);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the schema registry: " + command, e);
    }
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static void awaitReady(Process process, URI url, Path work) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(url + "/subjects"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Schema registry exited with status "
                + process.exitValue()
                + " before answering at "
                + url
                + "; last lines of "
                + work.resolve(LOG_FILE)
                + ":\n"
                + LogTail.read(work.resolve(LOG_FILE)));
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // Expected until the HTTP server is up.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the schema registry", e);
      }
      sleep(POLL_INTERVAL);
    }
    throw new IllegalStateException(
        "Schema registry did not answer GET "
            + url
            + "/subjects with 200 within "
            + STARTUP_TIMEOUT
            + "; last lines of "
            + work.resolve(LOG_FILE)
            + ":\n"
            + LogTail.read(work.resolve(LOG_FILE)));
  }

  private static boolean portWasTaken(Path work) {
    String tail = LogTail.read(work.resolve(LOG_FILE));
    return tail.contains("already bound") || tail.contains("Address already in use");
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free loopback port", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the schema registry", e);
    }
  }
}
