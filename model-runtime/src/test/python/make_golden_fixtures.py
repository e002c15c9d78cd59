#!/usr/bin/env python3
"""Writes golden parity fixtures for model-runtime.

For each supported decoder family this builds a tiny, randomly initialised model with Hugging
Face transformers, saves it in Hugging Face layout (config.json + model.safetensors) and records
reference outputs computed by transformers itself:

  - the logits of every position for a few prompts (full forward, no cache), and
  - an 8-token greedy continuation of each prompt (recomputed from scratch at every step).

GoldenParityTest compares the Java implementation against these files. Run it wherever PyTorch
and transformers are installed (no GPU needed), then commit the output:

    pip install torch transformers safetensors
    python model-runtime/src/test/python/make_golden_fixtures.py \
        --out model-runtime/src/test/resources/golden
"""

import argparse
import json
import pathlib

import torch
import transformers
from transformers import (
    GPT2Config,
    GPT2LMHeadModel,
    LlamaConfig,
    LlamaForCausalLM,
    PhiConfig,
    PhiForCausalLM,
    Qwen2Config,
    Qwen2ForCausalLM,
)

VOCAB = 320
EOS = VOCAB - 1
PROMPTS = [[5, 17, 42, 7], [11, 200, 3, 9, 77, 150, 2, 31], [1], [300, 12, 12, 12, 64, 128]]
GREEDY_STEPS = 8


def families():
    common = dict(vocab_size=VOCAB, eos_token_id=EOS, bos_token_id=EOS, initializer_range=0.1)
    yield "gpt2", GPT2LMHeadModel(
        GPT2Config(n_embd=32, n_layer=2, n_head=4, n_inner=64, n_positions=64,
                   activation_function="gelu_new", **common))
    yield "llama", LlamaForCausalLM(
        LlamaConfig(hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                    num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
                    rms_norm_eps=1e-6, tie_word_embeddings=False, **common))
    yield "llama3_rope_scaling", LlamaForCausalLM(
        LlamaConfig(hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                    num_attention_heads=4, num_key_value_heads=1, max_position_embeddings=128,
                    rope_theta=500000.0, tie_word_embeddings=True,
                    rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                  "high_freq_factor": 4.0,
                                  "original_max_position_embeddings": 16},
                    **common))
    yield "qwen2", Qwen2ForCausalLM(
        Qwen2Config(hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                    num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
                    rope_theta=1000000.0, tie_word_embeddings=True, **common))
    yield "phi", PhiForCausalLM(
        PhiConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                  num_attention_heads=4, partial_rotary_factor=0.5,
                  max_position_embeddings=128, **common))


def randomise_norms_and_biases(model):
    # Default init leaves norms at 1 and biases at 0, which would hide mistakes in how they are
    # applied; perturb them.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 1:
                is_norm_weight = ("norm" in name or "ln_" in name) and name.endswith("weight")
                p.normal_(mean=1.0 if is_norm_weight else 0.0, std=0.1)


@torch.no_grad()
def references(model):
    logits, greedy = [], []
    for prompt in PROMPTS:
        ids = torch.tensor([prompt])
        logits.append(model(ids).logits[0].tolist())
        seq = list(prompt)
        for _ in range(GREEDY_STEPS):
            nxt = int(model(torch.tensor([seq])).logits[0, -1].argmax())
            seq.append(nxt)
        greedy.append(seq[len(prompt):])
    return logits, greedy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="model-runtime/src/test/resources/golden")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    for name, model in families():
        torch.manual_seed(0)
        model.apply(model._init_weights)
        randomise_norms_and_biases(model)
        model = model.float().eval()
        target = out / name
        model.save_pretrained(target, safe_serialization=True)
        logits, greedy = references(model)
        (target / "reference.json").write_text(json.dumps({
            "prompts": PROMPTS,
            "logits": logits,
            "greedy": greedy,
            "transformers_version": transformers.__version__,
            "torch_version": torch.__version__,
        }))
        for extra in ("generation_config.json",):
            (target / extra).unlink(missing_ok=True)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
