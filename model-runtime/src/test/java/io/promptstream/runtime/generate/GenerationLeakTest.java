package io.promptstream.runtime.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.runtime.adapter.AdapterHead;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.runtime.prompter.Prompter;
import io.promptstream.runtime.prompter.PrompterOptions;
import io.promptstream.runtime.testutil.TestHeads;
import io.promptstream.runtime.testutil.TinyModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationLeakTest {

  @TempDir Path dir;

  @Test
  void shouldLeaveNoArraysBehindAcrossAThousandGenerationCalls() throws Exception {
    PrompterOptions options = PrompterOptions.builder().optTemplate(PromptTemplate.RAW).build();
    try (Prompter prompter = Prompter.load(TinyModels.write(dir, TinyModels.llama()), options);
        AdapterHead head =
            TestHeads.perturbed(prompter.baseHead(), new HeadId("t", "1"), prompter.manager(), 9)) {
      // Warm up once: the rotary tables are built lazily on first use.
      prompter.generate(GenerationRequest.of("warm up"));
      int before = prompter.manager().getManagedArrays().size();

      for (int i = 0; i < 1000; i++) {
        List<GenerationRequest> batch =
            List.of(
                GenerationRequest.builder()
                    .setPrompt("prompt " + i)
                    .optMaxNewTokens(1 + i % 3)
                    .build(),
                GenerationRequest.builder()
                    .setPrompt("another " + (i * 7))
                    .optHead(head)
                    .optMaxNewTokens(2)
                    .optSampling(SamplingSettings.sample(0.8f, 0.9f, i))
                    .build());
        prompter.generate(batch);
      }

      // Expected end state: exactly the weights, the tables and the head remain.
      assertThat(prompter.manager().getManagedArrays()).hasSize(before);
      assertThat(head.referenceCount()).isEqualTo(1);
    }
  }
}
