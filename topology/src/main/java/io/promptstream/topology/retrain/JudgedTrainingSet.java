package io.promptstream.topology.retrain;

import io.promptstream.events.JudgedExample;
import io.promptstream.runtime.training.data.PromptRewrite;
import io.promptstream.runtime.training.data.RewriteStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The training set of a retrain: judged rewrites whose answer won, weighted by the judgment and by
 * how well the head that wrote them fares with the target's judges now (reward-weighted regression:
 * each writing head gets a share of the mass proportional to {@code exp(winRate / T)}, its
 * Laplace-smoothed win rate over the examples); plus, as a regulariser, rewrites of the base data
 * with a fixed share of the mass. A part of the winners is held out for the offline evaluation.
 *
 * <p>Without the head weighting, the set would follow what the gateway served most (the drifted
 * head's own rewrites, which still win now and then), not what the judges prefer.
 */
public final class JudgedTrainingSet {

  /**
   * One (prompt, rewrite) pair with its loss weight.
   *
   * @param writer the head that wrote the rewrite, as target/version; {@link #BASE_DATA} for a
   *     base-data row
   */
  public record Pair(String prompt, String rewrite, float weight, String writer) {}

  /** The writer of base-data pairs. */
  public static final String BASE_DATA = "base-data";

  /** Win rate and share of the judged mass of one head that wrote judged rewrites. */
  public record HeadScore(String head, long judged, double winRate, double share) {}

  private final List<Pair> train;
  private final List<Pair> heldOut;
  private final List<HeadScore> scores;
  private final int judged;
  private final int winners;

  private JudgedTrainingSet(
      List<Pair> train, List<Pair> heldOut, List<HeadScore> scores, int judged, int winners) {
    this.train = train;
    this.heldOut = heldOut;
    this.scores = scores;
    this.judged = judged;
    this.winners = winners;
  }

  /**
   * Builds the set.
   *
   * @param examples the judged rewrites of the retrain request
   * @param base base data for the regulariser (may be empty)
   */
  public static JudgedTrainingSet build(
      List<JudgedExample> examples, List<PromptRewrite> base, RetrainSettings settings) {
    Map<String, double[]> byHead = new LinkedHashMap<>(); // head -> {judged, wins}
    for (JudgedExample e : examples) {
      double[] s = byHead.computeIfAbsent(headOf(e), h -> new double[2]);
      s[0]++;
      s[1] += e.getOutcome();
    }
    Map<String, Double> mass = new HashMap<>();
    double total = 0;
    List<HeadScore> scores = new ArrayList<>();
    for (Map.Entry<String, double[]> h : byHead.entrySet()) {
      double winRate = (h.getValue()[1] + 1) / (h.getValue()[0] + 2);
      double m = Math.exp(winRate / settings.rewardTemperature());
      mass.put(h.getKey(), m);
      total += m;
    }
    for (Map.Entry<String, double[]> h : byHead.entrySet()) {
      double winRate = (h.getValue()[1] + 1) / (h.getValue()[0] + 2);
      scores.add(
          new HeadScore(h.getKey(), (long) h.getValue()[0], winRate, mass.get(h.getKey()) / total));
    }

    List<JudgedExample> won = new ArrayList<>();
    Map<String, Double> wonOutcome = new HashMap<>();
    for (JudgedExample e : examples) {
      if (e.getOutcome() > 0.5) {
        won.add(e);
        wonOutcome.merge(headOf(e), e.getOutcome(), Double::sum);
      }
    }
    // Weights sum to the number of winners: a head's winners share its mass by their outcomes.
    List<Pair> winners = new ArrayList<>();
    for (JudgedExample e : won) {
      double share = mass.get(headOf(e)) / total;
      double w = won.size() * share * e.getOutcome() / wonOutcome.get(headOf(e));
      if (w > 1e-4) {
        winners.add(new Pair(e.getPrompt(), e.getRewrite(), (float) w, headOf(e)));
      }
    }
    Random random = new Random(settings.seed());
    Collections.shuffle(winners, random);
    int held = winners.size() < 5 ? 0 : (int) Math.round(winners.size() * settings.heldOutShare());
    List<Pair> heldOut = List.copyOf(winners.subList(0, held));
    List<Pair> train = new ArrayList<>(winners.subList(held, winners.size()));

    if (!base.isEmpty() && settings.baseShare() > 0 && !train.isEmpty()) {
      List<Pair> pool = new ArrayList<>();
      for (PromptRewrite row : base) {
        for (RewriteStyle style : RewriteStyle.values()) {
          pool.add(new Pair(row.prompt(), row.rewrite(style), 1, BASE_DATA));
        }
      }
      Collections.shuffle(pool, random);
      List<Pair> drawn = pool.subList(0, Math.min(pool.size(), settings.maxBaseExamples()));
      double trainMass = train.stream().mapToDouble(Pair::weight).sum();
      float w = (float) (settings.baseShare() * trainMass / drawn.size());
      drawn.forEach(p -> train.add(new Pair(p.prompt(), p.rewrite(), w, BASE_DATA)));
    }
    return new JudgedTrainingSet(
        List.copyOf(train), heldOut, List.copyOf(scores), examples.size(), won.size());
  }

  /** The head that wrote a judged rewrite, as target/version. */
  public static String headOf(JudgedExample e) {
    return e.getHeadTarget() + "/" + e.getHeadVersion();
  }

  public List<Pair> train() {
    return train;
  }

  public List<Pair> heldOut() {
    return heldOut;
  }

  /** Each writing head's smoothed win rate and share of the judged mass, in first-seen order. */
  public List<HeadScore> scores() {
    return scores;
  }

  /** Judged examples in the request. */
  public int judged() {
    return judged;
  }

  /** Judged examples whose rewrite's answer won. */
  public int winners() {
    return winners;
  }
}
