package io.promptstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptstream.schemas.testutil.RegistryHttp;
import io.promptstream.schemas.testutil.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class EmbeddedSchemaRegistryIT {
  // Names a Quarkus/Vert.x/Netty JVM would leave in a temp dir; perf data is matched by pid,
  // since every JVM on the machine writes there.
  private static final Pattern REGISTRY_LITTER =
      Pattern.compile("(?i).*(vertx|quarkus|apicurio|netty|jansi).*");

  @Test
  void shouldServeTheConfluentApiAndLeaveNoProcessOrTempFilesBehind() throws Exception {
    Path workDir = TestDirs.fresh("EmbeddedSchemaRegistryIT/lifecycle");
    Path osTemp = Path.of("/tmp");
    Path jvmTemp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    Set<String> jvmTempBefore = listRecursively(jvmTemp);
    Set<String> osTempBefore = listOsTemp(osTemp);

    long pid;
    List<ProcessHandle> descendants;
    Set<String> osTempDuring;
    try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(workDir)) {
      pid = registry.pid();
      ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
      descendants = child.descendants().toList();

      assertThat(child.isAlive()).isTrue();
      assertThat(child.parent().map(ProcessHandle::pid)).contains(ProcessHandle.current().pid());
      assertThat(registry.url().toString()).matches("http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7");
      assertThat(new RegistryHttp(registry.url()).get("/subjects").isArray()).isTrue();
      assertThat(registry.logFile()).isEqualTo(workDir.resolve("registry.log")).isNotEmptyFile();
      // Its temp files go to the work dir (the Vert.x cache is there while it runs) ...
      assertThat(listRecursively(workDir.resolve("tmp"))).isNotEmpty();
      // ... and there is no perf-data file in /tmp, which ignores java.io.tmpdir.
      assertThat(osTemp.resolve("hsperfdata_" + System.getProperty("user.name")).resolve("" + pid))
          .doesNotExist();
      // Caches are deleted on a clean shutdown, so look while it runs as well as after.
      osTempDuring = listOsTemp(osTemp);
    }

    // Expected end state: the child and anything it started are gone; nothing new in the temp
    // dirs outside the work dir.
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(descendants).noneMatch(ProcessHandle::isAlive);
    assertThat(workDir.resolve("registry.pid")).doesNotExist();
    if (!jvmTemp.equals(osTemp)) {
      // This JVM's own temp dir is private to the build: nothing at all may appear there.
      Set<String> jvmTempAfter = listRecursively(jvmTemp);
      jvmTempAfter.removeAll(jvmTempBefore);
      assertThat(jvmTempAfter).as("new entries in " + jvmTemp).isEmpty();
    }
    // /tmp is shared with every other process on the machine (build tools included), so only
    // names a registry JVM would create count there.
    Set<String> osTempNew = listOsTemp(osTemp);
    osTempNew.addAll(osTempDuring);
    osTempNew.removeAll(osTempBefore);
    assertThat(osTempNew)
        .as("new entries in /tmp")
        .noneMatch(name -> name.contains(Long.toString(pid)))
        .noneMatch(
            name -> !name.startsWith("hsperfdata_") && REGISTRY_LITTER.matcher(name).matches());
  }

  @Test
  void shouldCloseIdempotently() {
    EmbeddedSchemaRegistry registry =
        EmbeddedSchemaRegistry.start(TestDirs.fresh("EmbeddedSchemaRegistryIT/idempotent"));
    long pid = registry.pid();

    registry.close();
    registry.close();

    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void shouldFailWithTheLogTailWhenTheRegistryCannotStart() throws IOException {
    Path fakeHome = TestDirs.fresh("EmbeddedSchemaRegistryIT/fake-home");
    Files.writeString(fakeHome.resolve("broken-runner.jar"), "not a jar");
    Path workDir = TestDirs.fresh("EmbeddedSchemaRegistryIT/broken");

    assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(fakeHome, workDir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited with status")
        .hasMessageContaining(workDir.resolve("registry.log").toString())
        .hasMessageContaining("Invalid or corrupt jarfile");
  }

  @Test
  void shouldStopALeftoverRegistryFromAKilledJvm() throws Exception {
    Path workDir = TestDirs.fresh("EmbeddedSchemaRegistryIT/leftover");
    // Stands in for a registry whose JVM died: a live process, with a child of its own, whose
    // command line names the runner jar.
    Path home = Path.of(System.getProperty(EmbeddedSchemaRegistry.REGISTRY_HOME_PROPERTY));
    String jar = findRunnerJarName(home);
    Process orphan =
        new ProcessBuilder("bash", "-c", "sleep 600; true", jar).redirectErrorStream(true).start();
    List<ProcessHandle> orphanChildren = awaitChildren(orphan);
    Files.writeString(workDir.resolve("registry.pid"), Long.toString(orphan.pid()));

    try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(workDir)) {
      // Expected: the leftover and its child are gone before the new registry runs.
      assertThat(orphan.isAlive()).isFalse();
      assertThat(orphanChildren).noneMatch(ProcessHandle::isAlive);
      assertThat(registry.pid()).isNotEqualTo(orphan.pid());
    } finally {
      orphanChildren.forEach(ProcessHandle::destroyForcibly);
      orphan.destroyForcibly();
    }
  }

  // bash forks its child a moment after it starts; the test needs that child to exist.
  private static List<ProcessHandle> awaitChildren(Process process) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> children = process.children().toList();
      if (!children.isEmpty()) {
        return children;
      }
      Thread.sleep(20);
    }
    process.destroyForcibly();
    throw new AssertionError("bash started no child within 5 s");
  }

  private static String findRunnerJarName(Path home) throws IOException {
    try (Stream<Path> files = Files.list(home)) {
      Optional<Path> jar = files.filter(p -> p.toString().endsWith("-runner.jar")).findFirst();
      return jar.orElseThrow().getFileName().toString();
    }
  }

  private static Set<String> listRecursively(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return new TreeSet<>();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.skip(1)
          .map(p -> dir.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  // Top-level names, plus the entries of the shared caches a JVM child would write into.
  private static Set<String> listOsTemp(Path osTemp) throws IOException {
    Set<String> names = new TreeSet<>();
    for (String dir : List.of("", "vertx-cache", "hsperfdata_" + System.getProperty("user.name"))) {
      Path path = osTemp.resolve(dir);
      if (!Files.isDirectory(path)) {
        continue;
      }
      try (Stream<Path> list = Files.list(path)) {
        list.forEach(p -> names.add(osTemp.relativize(p).toString()));
      }
    }
    return names;
  }
}
