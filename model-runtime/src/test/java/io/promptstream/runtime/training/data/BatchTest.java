package io.promptstream.runtime.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {

  @Test
  void shouldCountOnlyRewriteAndEndTokensInTheLoss() {
    // prompt = ids 0..2 (3 tokens), rewrite = 40, 41, then EOS
    TrainingExample example = new TrainingExample(new long[] {2, 10, 3, 40, 41, 1}, 3, 1f);
    TrainingExample shorter = new TrainingExample(new long[] {2, 11, 3, 50, 1}, 3, 2f);

    Batch batch = Batch.of(List.of(example, shorter));

    assertThat(batch.length()).isEqualTo(6);
    assertThat(batch.labels()[0]).containsExactly(10, 3, 40, 41, 1, 0);
    // position t predicts token t+1; tokens 3.. are targets, so positions 2..4 count
    assertThat(batch.lossWeight()[0]).containsExactly(0f, 0f, 1f, 1f, 1f, 0f);
    assertThat(batch.lossWeight()[1]).containsExactly(0f, 0f, 2f, 2f, 0f, 0f);
    assertThat(batch.real()[1]).containsExactly(true, true, true, true, true, false);
    assertThat(batch.ids()[1][5]).isEqualTo(PrompterFormat.PAD_ID);
    assertThat(batch.targetPositions()).containsExactly(2, 3, 4, 8, 9);
    assertThat(batch.tokens()).isEqualTo(11);
  }

  @Test
  void shouldGroupEveryExampleOnceAndRespectTheTokenBudget() {
    List<TrainingExample> examples = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      long[] ids = new long[5 + i % 17];
      java.util.Arrays.fill(ids, 7);
      examples.add(new TrainingExample(ids, 2, 1f));
    }

    List<List<TrainingExample>> batches = Batches.forEpoch(examples, 8, 64, 3, 0);

    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(100);
    for (List<TrainingExample> b : batches) {
      int longest = b.stream().mapToInt(TrainingExample::length).max().orElseThrow();
      assertThat(b.size()).isLessThanOrEqualTo(8);
      assertThat(longest * b.size()).isLessThanOrEqualTo(64);
    }
    assertThat(Batches.forEpoch(examples, 8, 64, 3, 0)).isEqualTo(batches);
    assertThat(Batches.forEpoch(examples, 8, 64, 3, 1)).isNotEqualTo(batches);
  }
}
