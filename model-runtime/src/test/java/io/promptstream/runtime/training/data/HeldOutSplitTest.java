package io.promptstream.runtime.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptstream.runtime.training.TrainingFixtures;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HeldOutSplitTest {

  @Test
  void shouldHoldOutTenPercentOfPromptsStratifiedByCategory() throws Exception {
    List<PromptRewrite> records = PromptRewriteDataset.read(TrainingFixtures.DATASET);

    HeldOutSplit split = HeldOutSplit.of(records, 0.1, 17);

    assertThat(records).hasSize(1000);
    assertThat(split.heldOut()).hasSize(100);
    assertThat(split.train()).hasSize(900);
    Set<String> trainIds =
        split.train().stream().map(PromptRewrite::id).collect(Collectors.toSet());
    assertThat(split.heldOut()).noneMatch(r -> trainIds.contains(r.id()));
    Map<String, Long> perCategory =
        split.heldOut().stream()
            .collect(Collectors.groupingBy(PromptRewrite::category, Collectors.counting()));
    assertThat(perCategory).hasSize(12);
    assertThat(perCategory.values()).allMatch(n -> n == 8 || n == 9);
  }

  @Test
  void shouldDependOnlyOnTheSeedNotOnFileOrder() throws Exception {
    List<PromptRewrite> records = PromptRewriteDataset.read(TrainingFixtures.DATASET);
    List<PromptRewrite> reversed = new java.util.ArrayList<>(records);
    java.util.Collections.reverse(reversed);

    HeldOutSplit a = HeldOutSplit.of(records, 0.1, 17);
    HeldOutSplit b = HeldOutSplit.of(reversed, 0.1, 17);
    HeldOutSplit c = HeldOutSplit.of(records, 0.1, 18);

    assertThat(ids(a.heldOut())).isEqualTo(ids(b.heldOut()));
    assertThat(ids(a.heldOut())).isNotEqualTo(ids(c.heldOut()));
  }

  @Test
  void shouldReadEveryStyleOfEveryRecord() throws Exception {
    List<PromptRewrite> records = PromptRewriteDataset.read(TrainingFixtures.DATASET);

    Map<String, PromptRewrite> byId =
        records.stream().collect(Collectors.toMap(PromptRewrite::id, Function.identity()));

    assertThat(byId).hasSize(1000);
    assertThat(byId.get("pr-0001").rewrite(RewriteStyle.CONCISE))
        .isEqualTo(
            "Write a 250-word structured abstract for my paper on microplastics in"
                + " freshwater lakes.");
  }

  private static Set<String> ids(List<PromptRewrite> records) {
    Set<String> out = new HashSet<>();
    records.forEach(r -> out.add(r.id()));
    return out;
  }
}
