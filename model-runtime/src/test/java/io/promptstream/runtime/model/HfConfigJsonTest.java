package io.promptstream.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstream.runtime.testutil.TinyModels;
import org.junit.jupiter.api.Test;

class HfConfigJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldReadPhi2HyperParameters() throws Exception {
    // The published Phi-2 config.json, abridged to the keys that matter.
    JsonNode phi2 =
        JSON.readTree(
            "{\"model_type\":\"phi\",\"vocab_size\":51200,\"hidden_size\":2560,"
                + "\"intermediate_size\":10240,\"num_hidden_layers\":32,"
                + "\"num_attention_heads\":32,\"num_key_value_heads\":32,"
                + "\"partial_rotary_factor\":0.4,\"rope_theta\":10000.0,"
                + "\"layer_norm_eps\":1e-05,\"hidden_act\":\"gelu_new\","
                + "\"max_position_embeddings\":2048,\"qk_layernorm\":false,"
                + "\"tie_word_embeddings\":false,\"bos_token_id\":50256,\"eos_token_id\":50256}");

    ModelConfig c = HfConfigJson.parse(phi2);

    assertThat(c.family()).isEqualTo(ModelFamily.PHI);
    assertThat(c.headDim()).isEqualTo(80);
    assertThat(c.rope().rotaryDim()).isEqualTo(32);
    assertThat(c.lmHeadBias()).isTrue();
    assertThat(c.eosTokenIds()).containsExactly(50256);
    assertThat(c.matmulParameterCount()).isBetween(2_600_000_000L, 2_800_000_000L);
  }

  @Test
  void shouldReadQwen2AsLlamaWithQkvBiases() throws Exception {
    JsonNode qwen =
        JSON.readTree(
            "{\"model_type\":\"qwen2\",\"vocab_size\":1000,\"hidden_size\":64,"
                + "\"intermediate_size\":128,\"num_hidden_layers\":2,\"num_attention_heads\":4,"
                + "\"num_key_value_heads\":2,\"use_sliding_window\":false,"
                + "\"tie_word_embeddings\":true,\"eos_token_id\":[5,6]}");

    ModelConfig c = HfConfigJson.parse(qwen);

    assertThat(c.family()).isEqualTo(ModelFamily.LLAMA);
    assertThat(c.qkvBias()).isTrue();
    assertThat(c.outputBias()).isFalse();
    assertThat(c.groupSize()).isEqualTo(2);
    assertThat(c.eosTokenIds()).containsExactly(5, 6);
  }

  @Test
  void shouldRoundTripEveryTinyConfiguration() {
    for (ModelConfig c : TinyModels.all()) {
      assertThat(HfConfigJson.parse(HfConfigJson.toJson(c))).isEqualTo(c);
    }
  }

  @Test
  void shouldRefuseUnknownArchitecturesNamingTheModelType() throws Exception {
    assertThatThrownBy(() -> HfConfigJson.parse(JSON.readTree("{\"model_type\":\"bert\"}")))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("bert");
  }

  @Test
  void shouldRefuseSettingsThatChangeTheComputation() throws Exception {
    assertThatThrownBy(
            () ->
                HfConfigJson.parse(
                    JSON.readTree("{\"model_type\":\"qwen2\",\"use_sliding_window\":true}")))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("use_sliding_window");
    assertThatThrownBy(
            () ->
                HfConfigJson.parse(JSON.readTree("{\"model_type\":\"phi\",\"qk_layernorm\":true}")))
        .hasMessageContaining("qk_layernorm");
    assertThatThrownBy(
            () ->
                HfConfigJson.parse(
                    JSON.readTree(
                        "{\"model_type\":\"llama\",\"rope_scaling\":{\"rope_type\":\"yarn\"}}")))
        .hasMessageContaining("yarn");
  }
}
