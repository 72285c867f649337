import SSRModels
import SSRTensor
import Testing
@testable import SSREval

@Suite("ANN models: shape, gradient flow, learning the synthetic task")
struct ANNModelTests {
  @Test("GRU4Rec") func gru4rec() throws { try checkModel { GRU4Rec($0) } }
  @Test("SASRec") func sasrec() throws { try checkModel { SASRec($0) } }
}
