package io.promptstream.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes Hugging Face {@code config.json} files for the supported families, with the
 * defaults of the reference implementation for keys a file leaves out. Settings that would change
 * the computation and are not implemented (sliding windows, QK LayerNorm, unknown rope scaling) are
 * refused with the key's name rather than ignored.
 */
public final class HfConfigJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HfConfigJson() {}

  /** Reads a {@code config.json} file. */
  public static ModelConfig read(Path file) throws IOException {
    JsonNode root = JSON.readTree(Files.readAllBytes(file));
    if (root == null || !root.isObject()) {
      throw new UnsupportedModelException(file + " is not a JSON object");
    }
    return parse(root);
  }

  /** Parses the JSON of a {@code config.json}. */
  public static ModelConfig parse(JsonNode c) {
    String modelType = text(c, "model_type", null);
    if (modelType == null) {
      throw new UnsupportedModelException("config.json has no model_type");
    }
    ModelFamily family = ModelFamily.forModelType(modelType);
    switch (family) {
      case GPT2:
        return gpt2(c, modelType);
      case LLAMA:
        return llama(c, modelType);
      default:
        return phi(c, modelType);
    }
  }

  private static ModelConfig gpt2(JsonNode c, String type) {
    refuseIf(c, "scale_attn_by_inverse_layer_idx", true);
    refuseIf(c, "scale_attn_weights", false);
    refuseIf(c, "add_cross_attention", true);
    int hidden = integer(c, "n_embd", 768);
    int heads = integer(c, "n_head", 12);
    int inner = c.hasNonNull("n_inner") ? c.get("n_inner").asInt() : 4 * hidden;
    return new ModelConfig(
        ModelFamily.GPT2,
        type,
        integer(c, "vocab_size", 50257),
        hidden,
        integer(c, "n_layer", 12),
        heads,
        heads,
        hidden / heads,
        inner,
        integer(c, "n_positions", 1024),
        (float) number(c, "layer_norm_epsilon", 1e-5),
        Activation.fromConfig("activation_function", text(c, "activation_function", "gelu_new")),
        null,
        bool(c, "tie_word_embeddings", true),
        true,
        true,
        true,
        false,
        optionalInt(c, "bos_token_id"),
        ids(c.get("eos_token_id")),
        optionalInt(c, "pad_token_id"));
  }

  private static ModelConfig llama(JsonNode c, String type) {
    boolean qwen2 = type.equals("qwen2");
    if (qwen2) {
      refuseIf(c, "use_sliding_window", true);
    }
    int hidden = integer(c, "hidden_size", 4096);
    int heads = integer(c, "num_attention_heads", 32);
    int kvHeads =
        c.hasNonNull("num_key_value_heads") ? c.get("num_key_value_heads").asInt() : heads;
    int headDim = c.hasNonNull("head_dim") ? c.get("head_dim").asInt() : hidden / heads;
    boolean attentionBias = bool(c, "attention_bias", false);
    return new ModelConfig(
        ModelFamily.LLAMA,
        type,
        integer(c, "vocab_size", 32000),
        hidden,
        integer(c, "num_hidden_layers", 32),
        heads,
        kvHeads,
        headDim,
        integer(c, "intermediate_size", 11008),
        integer(c, "max_position_embeddings", 2048),
        (float) number(c, "rms_norm_eps", 1e-6),
        Activation.fromConfig("hidden_act", text(c, "hidden_act", "silu")),
        rope(c, headDim),
        bool(c, "tie_word_embeddings", false),
        qwen2 || attentionBias,
        !qwen2 && attentionBias,
        bool(c, "mlp_bias", false),
        false,
        optionalInt(c, "bos_token_id"),
        ids(c.get("eos_token_id")),
        optionalInt(c, "pad_token_id"));
  }

  private static ModelConfig phi(JsonNode c, String type) {
    refuseIf(c, "qk_layernorm", true);
    int hidden = integer(c, "hidden_size", 2048);
    int heads = integer(c, "num_attention_heads", 32);
    int kvHeads =
        c.hasNonNull("num_key_value_heads") ? c.get("num_key_value_heads").asInt() : heads;
    int headDim = hidden / heads;
    double partial = number(c, "partial_rotary_factor", 0.5);
    return new ModelConfig(
        ModelFamily.PHI,
        type,
        integer(c, "vocab_size", 51200),
        hidden,
        integer(c, "num_hidden_layers", 24),
        heads,
        kvHeads,
        headDim,
        integer(c, "intermediate_size", 8192),
        integer(c, "max_position_embeddings", 2048),
        (float) number(c, "layer_norm_eps", 1e-5),
        Activation.fromConfig("hidden_act", text(c, "hidden_act", "gelu_new")),
        rope(c, (int) (headDim * partial)),
        bool(c, "tie_word_embeddings", false),
        true,
        true,
        true,
        true,
        optionalInt(c, "bos_token_id"),
        ids(c.get("eos_token_id")),
        optionalInt(c, "pad_token_id"));
  }

  private static RopeSettings rope(JsonNode c, int rotaryDim) {
    double theta = number(c, "rope_theta", 10000.0);
    JsonNode s = c.get("rope_scaling");
    if (s == null || s.isNull()) {
      return RopeSettings.of(theta, rotaryDim);
    }
    String kind = text(s, "rope_type", text(s, "type", "default"));
    switch (kind) {
      case "default":
        return RopeSettings.of(theta, rotaryDim);
      case "linear":
        return new RopeSettings(
            theta, rotaryDim, RopeSettings.Scaling.LINEAR, number(s, "factor", 1), 0, 0, 0);
      case "llama3":
        return new RopeSettings(
            theta,
            rotaryDim,
            RopeSettings.Scaling.LLAMA3,
            number(s, "factor", 8),
            number(s, "low_freq_factor", 1),
            number(s, "high_freq_factor", 4),
            integer(s, "original_max_position_embeddings", 8192));
      default:
        throw new UnsupportedModelException(
            "rope_scaling type '" + kind + "' is not supported (default, linear, llama3 are)");
    }
  }

  /** Writes a {@code config.json} equivalent to the given configuration. */
  public static void write(ModelConfig config, Path file) throws IOException {
    Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(config)));
  }

  /** The {@code config.json} content of a configuration. */
  public static ObjectNode toJson(ModelConfig m) {
    ObjectNode c = JSON.createObjectNode();
    c.put("model_type", m.modelType());
    c.put("torch_dtype", "float32");
    c.put("vocab_size", m.vocabSize());
    c.put("tie_word_embeddings", m.tieWordEmbeddings());
    if (m.bosTokenId() != null) {
      c.put("bos_token_id", m.bosTokenId());
    }
    if (m.eosTokenIds().size() == 1) {
      c.put("eos_token_id", m.eosTokenIds().get(0));
    } else if (!m.eosTokenIds().isEmpty()) {
      m.eosTokenIds().forEach(c.putArray("eos_token_id")::add);
    }
    if (m.padTokenId() != null) {
      c.put("pad_token_id", m.padTokenId());
    }
    switch (m.family()) {
      case GPT2:
        c.putArray("architectures").add("GPT2LMHeadModel");
        c.put("n_embd", m.hiddenSize());
        c.put("n_layer", m.numLayers());
        c.put("n_head", m.numHeads());
        c.put("n_inner", m.intermediateSize());
        c.put("n_positions", m.maxPositions());
        c.put("n_ctx", m.maxPositions());
        c.put("layer_norm_epsilon", m.normEps());
        c.put("activation_function", m.activation().configName());
        break;
      case LLAMA:
        c.putArray("architectures")
            .add(m.modelType().equals("qwen2") ? "Qwen2ForCausalLM" : "LlamaForCausalLM");
        commonDecoder(c, m);
        c.put("num_key_value_heads", m.numKvHeads());
        c.put("head_dim", m.headDim());
        c.put("rms_norm_eps", m.normEps());
        c.put("attention_bias", m.qkvBias() && !m.modelType().equals("qwen2"));
        c.put("mlp_bias", m.mlpBias());
        break;
      default:
        c.putArray("architectures").add("PhiForCausalLM");
        commonDecoder(c, m);
        c.put("num_key_value_heads", m.numKvHeads());
        c.put("layer_norm_eps", m.normEps());
        c.put("partial_rotary_factor", (double) m.rope().rotaryDim() / m.headDim());
        c.put("qk_layernorm", false);
        break;
    }
    return c;
  }

  private static void commonDecoder(ObjectNode c, ModelConfig m) {
    c.put("hidden_size", m.hiddenSize());
    c.put("num_hidden_layers", m.numLayers());
    c.put("num_attention_heads", m.numHeads());
    c.put("intermediate_size", m.intermediateSize());
    c.put("max_position_embeddings", m.maxPositions());
    c.put("hidden_act", m.activation().configName());
    c.put("rope_theta", m.rope().theta());
    if (m.rope().scaling() != RopeSettings.Scaling.DEFAULT) {
      ObjectNode s = c.putObject("rope_scaling");
      s.put("rope_type", m.rope().scaling().name().toLowerCase(java.util.Locale.ROOT));
      s.put("factor", m.rope().factor());
      if (m.rope().scaling() == RopeSettings.Scaling.LLAMA3) {
        s.put("low_freq_factor", m.rope().lowFreqFactor());
        s.put("high_freq_factor", m.rope().highFreqFactor());
        s.put("original_max_position_embeddings", m.rope().originalMaxPositions());
      }
    }
  }

  private static void refuseIf(JsonNode c, String key, boolean value) {
    if (c.hasNonNull(key) && c.get(key).asBoolean() == value) {
      throw new UnsupportedModelException(key + "=" + value + " is not supported");
    }
  }

  private static String text(JsonNode c, String key, String fallback) {
    return c.hasNonNull(key) ? c.get(key).asText() : fallback;
  }

  private static int integer(JsonNode c, String key, int fallback) {
    return c.hasNonNull(key) ? c.get(key).asInt() : fallback;
  }

  private static double number(JsonNode c, String key, double fallback) {
    return c.hasNonNull(key) ? c.get(key).asDouble() : fallback;
  }

  private static boolean bool(JsonNode c, String key, boolean fallback) {
    return c.hasNonNull(key) ? c.get(key).asBoolean() : fallback;
  }

  private static Integer optionalInt(JsonNode c, String key) {
    return c.hasNonNull(key) && c.get(key).isIntegralNumber() ? c.get(key).asInt() : null;
  }

  private static List<Integer> ids(JsonNode node) {
    List<Integer> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asInt()));
    } else {
      out.add(node.asInt());
    }
    return out;
  }
}
