package io.promptstream.runtime.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.runtime.bench.ByteLevelBpe;
import io.promptstream.runtime.tokenizer.PrompterTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowTest {

  @TempDir Path dir;

  @Test
  void shouldStopAtTheEarliestStopStringAndCutTheTextBeforeIt() throws Exception {
    Path file = dir.resolve("tokenizer.json");
    ByteLevelBpe.write(file, 400);
    try (PrompterTokenizer tokenizer = PrompterTokenizer.load(file, 64, true)) {
      Row row =
          new Row(0, new long[] {1}, 50, null, SamplingSettings.greedy(), List.of("END", "\n#"));

      for (long id : tokenizer.encode(" Be concise.\n## more END").ids()) {
        if (!row.isFinished()) {
          row.accept(id, Set.of());
          StopStrings.check(new Row[] {row}, tokenizer);
        }
      }

      Generation g = row.toGeneration(tokenizer);
      assertThat(g.finishReason()).isEqualTo(FinishReason.STOP_STRING);
      assertThat(g.text()).isEqualTo("Be concise.");
    }
  }
}
