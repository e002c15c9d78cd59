package io.promptstream.adapters.verify;

import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.MISSING_TENSOR;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.UNEXPECTED_TENSOR;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.UNSUPPORTED_DTYPE;
import static io.promptstream.adapters.verify.AdapterVerificationException.Reason.WRONG_SHAPE;

import io.promptstream.adapters.manifest.HeadShape;
import io.promptstream.runtime.safetensors.TensorInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tensor part of verification: exactly the head's tensors, in accepted types and shapes. */
final class HeadTensorCheck {

  private HeadTensorCheck() {}

  static void check(
      Path dir, List<TensorInfo> tensors, HeadShape head, AdapterExpectations expected)
      throws AdapterVerificationException {
    Map<String, long[]> required = requiredShapes(head.hasLmHeadBias(), expected);
    for (TensorInfo tensor : tensors) {
      long[] shape = required.get(tensor.name());
      if (shape == null) {
        String why =
            AdapterTensors.ALLOWED.contains(tensor.name())
                ? " is present but the manifest declares hasLmHeadBias=false"
                : " is not part of an adapter head " + AdapterTensors.ALLOWED;
        throw AdapterVerifier.refuse(dir, UNEXPECTED_TENSOR, tensor.name() + why);
      }
      if (!AdapterTensors.ALLOWED_DTYPES.contains(tensor.dtype())) {
        throw AdapterVerifier.refuse(
            dir,
            UNSUPPORTED_DTYPE,
            tensor.name()
                + " is "
                + tensor.dtype()
                + ", accepted: "
                + AdapterTensors.ALLOWED_DTYPES);
      }
      if (!Arrays.equals(shape, tensor.shape())) {
        throw AdapterVerifier.refuse(
            dir,
            WRONG_SHAPE,
            tensor.name()
                + " has shape "
                + Arrays.toString(tensor.shape())
                + " but the trunk needs "
                + Arrays.toString(shape));
      }
    }
    for (String name : required.keySet()) {
      if (tensors.stream().noneMatch(t -> t.name().equals(name))) {
        throw AdapterVerifier.refuse(dir, MISSING_TENSOR, name + " is missing");
      }
    }
  }

  private static Map<String, long[]> requiredShapes(boolean lmHeadBias, AdapterExpectations e) {
    long hidden = e.hiddenSize();
    long vocab = e.vocabSize();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put(AdapterTensors.MLP_WEIGHT, new long[] {hidden, hidden});
    shapes.put(AdapterTensors.MLP_BIAS, new long[] {hidden});
    shapes.put(AdapterTensors.LM_HEAD_WEIGHT, new long[] {vocab, hidden});
    if (lmHeadBias) {
      shapes.put(AdapterTensors.LM_HEAD_BIAS, new long[] {vocab});
    }
    return shapes;
  }
}
