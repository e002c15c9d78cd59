package io.promptstream.topology.cli;

import io.promptstream.runtime.training.DefaultPrompterRecipe;
import io.promptstream.runtime.training.RecipeOptions;
import io.promptstream.runtime.training.eval.Evaluation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** The training jobs of the model runtime, run from the launcher. */
final class TrainCommand {

  private TrainCommand() {}

  @Command(
      name = "train-default",
      mixinStandardHelpOptions = true,
      description = {
        "Retrains the default prompter from data/prompt-rewrites.jsonl: a byte-level BPE"
            + " tokenizer, stage 1 (supervised fine-tuning from scratch) and three stage-2 heads"
            + " (gemma-7b <- structured, llama-3-8b <- expert, mixtral-8x7b <- concise), seeded.",
        "Options after the command are the recipe's own (e.g. --output DIR, --seed N, --epochs"
            + " N); see model-runtime/README.md."
      })
  static final class Default implements Callable<Integer> {

    @Unmatched List<String> recipeArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      DefaultPrompterRecipe.run(RecipeOptions.parse(recipeArgs.toArray(String[]::new)), System.out);
      return 0;
    }
  }

  @Command(
      name = "evaluate-prompter",
      mixinStandardHelpOptions = true,
      description =
          "Evaluates a prompter and its heads on the held-out split: content retention, style"
              + " adherence per head, held-out loss and perplexity, unusable outputs. Prints a"
              + " table and writes it as JSON.")
  static final class Evaluate implements Callable<Integer> {

    @Option(
        names = "--model",
        paramLabel = "DIR",
        defaultValue = "models/default-prompter",
        description = "Prompter directory with its heads (default: ${DEFAULT-VALUE}).")
    Path model;

    @Override
    public Integer call() throws Exception {
      Evaluation.run(Evaluation.Options.forModel(model), System.out);
      return 0;
    }
  }
}
