package io.promptstream.runtime.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptstream.runtime.adapter.AdapterHead;
import io.promptstream.runtime.adapter.HeadId;
import io.promptstream.runtime.model.ModelConfig;
import io.promptstream.runtime.model.OutputHead;
import io.promptstream.runtime.prompter.Prompter;
import io.promptstream.runtime.prompter.PrompterOptions;
import io.promptstream.runtime.testutil.TestHeads;
import io.promptstream.runtime.testutil.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BatchGenerationTest {

  private static final List<String> PROMPTS =
      List.of(
          "hi",
          "write a short poem about the sea",
          "explain how kafka streams keeps state in changelog topics",
          "x y",
          "summarise this");

  @TempDir Path dir;

  static List<ModelConfig> configs() {
    return TinyModels.all();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void shouldGiveEachRowTheSameTokensInABatchAsAlone(ModelConfig config) throws Exception {
    try (Prompter prompter = load(config)) {
      List<GenerationRequest> requests = new ArrayList<>();
      for (String p : PROMPTS) {
        requests.add(GenerationRequest.builder().setPrompt(p).optMaxNewTokens(8).build());
      }

      List<Generation> batched = prompter.generate(requests);

      for (int i = 0; i < requests.size(); i++) {
        Generation alone = prompter.generate(requests.get(i));
        assertThat(batched.get(i).tokenIds()).as("row %d", i).containsExactly(alone.tokenIds());
        assertThat(batched.get(i).text()).isEqualTo(alone.text());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void shouldGiveEachRowTheSameTokensInAMixedHeadBatchAsAlone(ModelConfig config) throws Exception {
    try (Prompter prompter = load(config);
        AdapterHead a =
            TestHeads.perturbed(
                prompter.baseHead(), new HeadId("llm-a", "1"), prompter.manager(), 1);
        AdapterHead b =
            TestHeads.perturbed(
                prompter.baseHead(), new HeadId("llm-b", "1"), prompter.manager(), 2)) {
      OutputHead[] heads = {null, a, b, a, b};
      List<GenerationRequest> requests = new ArrayList<>();
      for (int i = 0; i < PROMPTS.size(); i++) {
        requests.add(
            GenerationRequest.builder()
                .setPrompt(PROMPTS.get(i))
                .optHead(heads[i])
                .optMaxNewTokens(8)
                .build());
      }

      List<Generation> batched = prompter.generate(requests);

      for (int i = 0; i < requests.size(); i++) {
        Generation alone = prompter.generate(requests.get(i));
        assertThat(batched.get(i).tokenIds()).as("row %d", i).containsExactly(alone.tokenIds());
      }
      // The heads matter: the same prompt through different heads diverges.
      Generation viaA = prompter.generate(withHead(requests.get(1), a));
      Generation viaB = prompter.generate(withHead(requests.get(1), b));
      assertThat(viaA.tokenIds()).isNotEqualTo(viaB.tokenIds());
    }
  }

  @Test
  void shouldReproduceSeededSamplingWhateverTheBatch() throws Exception {
    try (Prompter prompter = load(TinyModels.llama())) {
      List<GenerationRequest> requests = new ArrayList<>();
      for (int i = 0; i < PROMPTS.size(); i++) {
        requests.add(
            GenerationRequest.builder()
                .setPrompt(PROMPTS.get(i))
                .optMaxNewTokens(10)
                .optSampling(SamplingSettings.sample(1.0f, 0.9f, 1000 + i))
                .build());
      }

      List<Generation> batched = prompter.generate(requests);
      List<Generation> again = prompter.generate(requests);

      for (int i = 0; i < requests.size(); i++) {
        assertThat(again.get(i).tokenIds()).containsExactly(batched.get(i).tokenIds());
        assertThat(prompter.generate(requests.get(i)).tokenIds())
            .containsExactly(batched.get(i).tokenIds());
      }
      Generation otherSeed =
          prompter.generate(
              GenerationRequest.builder()
                  .setPrompt(PROMPTS.get(0))
                  .optMaxNewTokens(10)
                  .optSampling(SamplingSettings.sample(1.0f, 0.9f, 4242))
                  .build());
      assertThat(otherSeed.tokenIds()).isNotEqualTo(batched.get(0).tokenIds());
    }
  }

  @Test
  void shouldHonourEachRowsOwnMaximumOfNewTokens() throws Exception {
    try (Prompter prompter = load(TinyModels.gpt2())) {
      List<Generation> out =
          prompter.generate(
              List.of(
                  GenerationRequest.builder().setPrompt("a").optMaxNewTokens(2).build(),
                  GenerationRequest.builder().setPrompt("b c").optMaxNewTokens(9).build(),
                  GenerationRequest.builder().setPrompt("d").optMaxNewTokens(1).build()));

      assertThat(out.get(0).generatedTokens()).isLessThanOrEqualTo(2);
      assertThat(out.get(1).generatedTokens()).isLessThanOrEqualTo(9);
      assertThat(out.get(2).generatedTokens()).isEqualTo(1);
      for (Generation g : out) {
        assertThat(g.finishReason()).isIn(FinishReason.LENGTH, FinishReason.EOS);
      }
    }
  }

  @Test
  void shouldStopAtEosWithoutPuttingItInTheText() throws Exception {
    Path model = TinyModels.write(dir, TinyModels.llama());
    long firstToken;
    try (Prompter prompter = Prompter.load(model, raw().build())) {
      firstToken = prompter.generate(GenerationRequest.of("hello")).tokenIds()[0];
    }
    PrompterOptions eosIsFirstToken = raw().optEosTokenIds(List.of((int) firstToken)).build();

    try (Prompter prompter = Prompter.load(model, eosIsFirstToken)) {
      Generation g = prompter.generate(GenerationRequest.of("hello"));

      assertThat(g.finishReason()).isEqualTo(FinishReason.EOS);
      assertThat(g.generatedTokens()).isEqualTo(1);
      assertThat(g.text()).isEmpty();
    }
  }

  @Test
  void shouldReportPromptsThatDoNotFitInsteadOfCuttingThem() throws Exception {
    Path model = TinyModels.write(dir, TinyModels.llama());

    try (Prompter prompter = Prompter.load(model, raw().optMaxPromptTokens(4).build())) {
      List<Generation> out =
          prompter.generate(
              List.of(
                  GenerationRequest.of("a prompt much longer than four tokens"),
                  GenerationRequest.of("ok")));

      assertThat(out.get(0).finishReason()).isEqualTo(FinishReason.PROMPT_TOO_LONG);
      assertThat(out.get(0).text()).isEmpty();
      assertThat(out.get(1).finishReason()).isNotEqualTo(FinishReason.PROMPT_TOO_LONG);
    }
  }

  @Test
  void shouldApplyThePrompterTemplate() throws Exception {
    Path model = TinyModels.write(dir, TinyModels.llama());
    PromptTemplate template = new PromptTemplate("Q: {prompt}\nA:", List.of());

    try (Prompter prompter =
        Prompter.load(model, PrompterOptions.builder().optTemplate(template).build())) {
      Generation g = prompter.generate(GenerationRequest.of("hi"));

      assertThat(g.promptTokens()).isEqualTo(prompter.tokenizer().encode("Q: hi\nA:").ids().length);
    }
  }

  @Test
  void shouldRefuseAHeadThatWasAlreadyFreed() throws Exception {
    try (Prompter prompter = load(TinyModels.llama())) {
      AdapterHead head =
          TestHeads.perturbed(prompter.baseHead(), new HeadId("t", "1"), prompter.manager(), 3);
      head.close();

      assertThatThrownBy(
              () ->
                  prompter.generate(
                      GenerationRequest.builder().setPrompt("x").optHead(head).build()))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  private Prompter load(ModelConfig config) throws Exception {
    return Prompter.load(TinyModels.write(dir, config), raw().build());
  }

  private static PrompterOptions.Builder raw() {
    return PrompterOptions.builder().optTemplate(PromptTemplate.RAW);
  }

  private static GenerationRequest withHead(GenerationRequest r, OutputHead head) {
    return new GenerationRequest(r.prompt(), head, r.maxNewTokens(), r.sampling(), r.stopStrings());
  }

  static String ids(long[] ids) {
    return Arrays.toString(ids);
  }
}
