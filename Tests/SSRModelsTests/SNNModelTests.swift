import SSRModels
import SSRTensor
import Testing
@testable import SSREval

@Suite("Spiking models: shape, gradient flow, learning the synthetic task")
struct SNNModelTests {
  /// At initialisation the attention neurons (V_th = 0.5) of spiking self-attention rarely fire on
  /// a tiny batch, so no gradient reaches the projection after them. The gradient check therefore
  /// raises the layer-norm gains to 3 so that Q, K and V fire often enough to drive them.
  @Test("SFSRec") func sfsrec() throws {
    try checkModel({ SFSRec($0) }, epochs: 4, width: 32, maxLen: 12, batchSize: 8) { model in
      for (name, parameter) in model.namedParameters() where name.hasSuffix("_ln.weight") {
        parameter.value = Tensor(shape: parameter.shape, repeating: 3)
      }
    }
  }
  @Test("SGRU4Rec") func sgru4rec() throws { try checkModel({ SGRU4Rec($0) }, epochs: 4) }
}
