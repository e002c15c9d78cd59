package io.promptstream.runtime.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTemplateTest {

  @TempDir Path dir;

  @Test
  void shouldUseTheTemplateAPrompterDirectoryDefines() throws Exception {
    Files.writeString(
        dir.resolve(PromptTemplate.FILE_NAME),
        "{\"prompt_template\": \"<user>{prompt}</user><rewrite>\", \"stop_strings\": [\"</rewrite>\"]}");

    PromptTemplate template = PromptTemplate.forModelDir(dir);

    assertThat(template.apply("hi")).isEqualTo("<user>hi</user><rewrite>");
    assertThat(template.stopStrings()).containsExactly("</rewrite>");
  }

  @Test
  void shouldFallBackToTheDefaultTemplateWhenTheDirectoryDefinesNone() throws Exception {
    assertThat(PromptTemplate.forModelDir(dir)).isEqualTo(PromptTemplate.DEFAULT);
    assertThat(PromptTemplate.DEFAULT.apply("x")).contains("\nx\n");
  }

  @Test
  void shouldRefuseATemplateWithoutExactlyOnePlaceholder() {
    assertThatThrownBy(() -> new PromptTemplate("no placeholder", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{prompt}");
    assertThatThrownBy(() -> new PromptTemplate("{prompt}{prompt}", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
