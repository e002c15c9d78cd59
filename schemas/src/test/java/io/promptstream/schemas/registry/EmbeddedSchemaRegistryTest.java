package io.promptstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptstream.schemas.testutil.TestDirs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedSchemaRegistryTest {

  @Test
  void shouldNameThePropertyWhenItIsNotSet() {
    String saved = System.clearProperty(EmbeddedSchemaRegistry.REGISTRY_HOME_PROPERTY);
    try {
      assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(TestDirs.fresh("unset-home")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("promptstream.registry.home")
          .hasMessageContaining("is not set");
    } finally {
      if (saved != null) {
        System.setProperty(EmbeddedSchemaRegistry.REGISTRY_HOME_PROPERTY, saved);
      }
    }
  }

  @Test
  void shouldRefuseAHomeWithoutARunnerJar() {
    Path emptyHome = TestDirs.fresh("empty-registry-home");

    assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(emptyHome, TestDirs.fresh("unused")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(emptyHome.toString())
        .hasMessageContaining("promptstream.registry.home")
        .hasMessageContaining("found 0");
  }
}
