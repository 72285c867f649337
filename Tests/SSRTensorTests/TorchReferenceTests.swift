import Foundation
import SSRTestSupport
import Testing
@testable import SSRTensor
import SSRNN

/// Values computed by PyTorch 2.x (`bench/torch_reference.py`); inputs are written out literally in
/// both places.
enum TorchReference {
  static let sgdMomentumDecay: [Float] = [0.5195000171661377, -1.0290000438690186, 1.5485000610351562, 1.8980000019073486, 0.546530544757843, -1.0840710401535034, 1.63560152053833, 1.7143019437789917, 0.5703114867210388, -1.162550926208496, 1.7523572444915771, 1.467259407043457, 0.5811439752578735, -1.262020230293274, 1.8906850814819336, 1.1734539270401, 0.5703120827674866, -1.380280613899231, 2.0432894229888916, 0.8478555679321289]
  static let sgdNesterov: [Float] = [0.5180000066757202, -1.0269999504089355, 1.5449999570846558, 1.909999966621399, 0.5333999991416931, -1.063599944114685, 1.6014999151229858, 1.7969999313354492, 0.5417199730873108, -1.1078799962997437, 1.664699912071228, 1.6705999374389648, 0.5393759608268738, -1.15830397605896, 1.730759859085083, 1.5384799242019653, 0.5235007405281067, -1.213643193244934, 1.7966078519821167, 1.406783938407898]
  static let sgdDampening: [Float] = [0.5199999809265137, -1.0299999713897705, 1.5499999523162842, 1.899999976158142, 0.5370000004768372, -1.065999984741211, 1.6064999103546143, 1.7869999408721924, 0.5454999804496765, -1.1050000190734863, 1.6627498865127563, 1.6744999885559082, 0.5427500009536743, -1.1455000638961792, 1.7153749465942383, 1.5692499876022339, 0.5273749828338623, -1.186750054359436, 1.7626874446868896, 1.4746249914169312]
  static let sgdPlain: [Float] = [0.5199999809265137, -1.0299999713897705, 1.5499999523162842, 1.899999976158142, 0.5299999713897705, -1.059999942779541, 1.59499990940094, 1.809999942779541, 0.5299999713897705, -1.0899999141693115, 1.6349998712539673, 1.7299998998641968, 0.5199999809265137, -1.119999885559082, 1.6699998378753662, 1.6599998474121094, 0.4999999701976776, -1.1499998569488525, 1.6999998092651367, 1.5999997854232788]
  static let adamDecay: [Float] = [0.5099999904632568, -1.0099999904632568, 1.5099999904632568, 1.9900000095367432, 0.5186807513237, -1.0199986696243286, 1.5199284553527832, 1.9800325632095337, 0.5230584144592285, -1.029995083808899, 1.5297155380249023, 1.9701242446899414, 0.5217695236206055, -1.039988398551941, 1.539267659187317, 1.9603062868118286, 0.5169745087623596, -1.0499776601791382, 1.5484596490859985, 1.9506152868270874]
  static let adamBetas: [Float] = [0.5999995470046997, -1.0999996662139893, 1.5999997854232788, 1.9000000953674316, 0.6914917230606079, -1.1999993324279785, 1.6993035078048706, 1.8006962537765503, 0.7577892541885376, -1.2999989986419678, 1.79733407497406, 1.7026655673980713, 0.7762318253517151, -1.399998664855957, 1.8934110403060913, 1.6065884828567505, 0.745337188243866, -1.4999983310699463, 1.9867331981658936, 1.5132662057876587]
  static let adamW: [Float] = [0.5095000267028809, -1.0090000629425049, 1.5084999799728394, 1.9880000352859497, 0.5183123350143433, -1.017991065979004, 1.516950249671936, 1.9760533571243286, 0.5249997973442078, -1.0269731283187866, 1.525315523147583, 1.9641951322555542, 0.5274865627288818, -1.0359461307525635, 1.533553123474121, 1.9524680376052856, 0.5254761576652527, -1.044910192489624, 1.5416110754013062, 1.9409241676330566]
  static let clipNorm: [Float] = [1.5748015642166138]
  static let clipGrads: [Float] = [0.09525004029273987, -0.12700004875659943, 0.3810001611709595, 0.15875005722045898, 0.03175001218914986, -0.06350002437829971, 0.2222500741481781]
  static let cosineRates: [Float] = [0.10000000149011612, 0.09054633975028992, 0.06579633802175522, 0.035203658044338226, 0.010453659109771252, 0.0010000000474974513, 0.010453659109771252, 0.035203658044338226, 0.06579633802175522, 0.09054633975028992, 0.10000000149011612, 0.09054633975028992]
  static let warmupRates: [Float] = [0.009999999776482582, 0.032499998807907104, 0.054999999701976776, 0.07750000059604645, 0.10000000149011612, 0.10000000149011612, 0.10000000149011612]
  static let geluValues: [Float] = [0.11585193872451782, -0.12584064900875092, 2.0624845027923584, 0.0, 0.5306254625320435, -0.13783131539821625, 0.7343459129333496, -0.030587632209062576, 1.5123211145401, -0.04601721838116646, 2.9959497451782227, 0.3457312285900116, -0.1542687714099884, 0.8413447141647339, 0.14967657625675201]
  static let geluGrad: [Float] = [0.19724050164222717, 0.01259786169975996, 0.7521508932113647, 0.10000000149011612, -0.48830705881118774, 0.1183621808886528, 0.422166645526886, 0.01924220472574234, 0.1122673973441124, 0.3784291446208954, -0.8095564842224121, 0.17349901795387268, 0.0662524551153183, -0.6499892473220825, 0.20861199498176575]
  static let layerNormValues: [Float] = [0.03637444227933884, -2.4359846115112305, -1.2997288703918457, -0.6180769801139832, 0.14816521108150482, -0.03910461813211441, 0.8896529674530029, 1.9692556858062744, 2.5347955226898193, 0.036089543253183365, 1.0117998123168945, -0.645297646522522, 1.4450509548187256, 0.25445571541786194, -0.1026734709739685]
  static let layerNormGradX: [Float] = [0.19297660887241364, -0.3493645489215851, -0.23805038630962372, 0.38425615429878235, 0.010182207450270653, -0.02229425311088562, 0.1951708197593689, -0.0023890435695648193, -0.1216915100812912, -0.04879589378833771, 0.08829571306705475, 0.5221531391143799, -0.22034458816051483, -0.7181512117385864, 0.32804685831069946]
  static let layerNormGradW: [Float] = [-1.6639806032180786, 0.3802667558193207, 1.0480613708496094, -0.011404633522033691, -0.3580135107040405]
  static let layerNormGradB: [Float] = [0.10000002384185791, 0.5, 0.8999999761581421, -0.30000001192092896, 0.699999988079071]
  static let crossEntropyValue: [Float] = [0.011664308607578278]
  static let crossEntropyGrad: [Float] = [0.004919501952826977, 5.465069989440963e-05, -0.029721736907958984, 0.002699879929423332, 0.022047676146030426, 0.0, 0.0, 0.0, 0.0, 0.0, -0.004964590072631836, 0.0008268809178844094, 4.116797572351061e-05, 0.0037058230955153704, 0.00039059086702764034]
  static let logSoftmaxAxis0: [Float] = [-2.8900082111358643, -2.7772440910339355, -0.08419601619243622, -2.160020351409912, -0.7357069849967957, -3.4900083541870117, -0.5772441625595093, -4.3841962814331055, -0.5600203275680542, -1.5357069969177246, -0.09000826627016068, -0.9772441387176514, -2.6841959953308105, -1.160020351409912, -1.1857069730758667]
  static let batchNormTrainOut: [Float] = [-1.4797745943069458, -1.3317971229553223, -1.1838197708129883, -1.4797745943069458, -1.3317971229553223, -1.1838196516036987, -0.5919098258018494, -0.4439324140548706, -0.2959549129009247, -0.5919097661972046, -0.4439323842525482, -0.2959548830986023, 0.29595497250556946, 0.4439324736595154, 0.5919097661972046, 0.2959549129009247, 0.4439324140548706, 0.5919098854064941, 1.1838197708129883, 1.3317971229553223, 1.4797745943069458, 1.1838198900222778, 1.3317972421646118, 1.4797744750976562]
  static let batchNormRunningMean: [Float] = [0.05531558021903038, -0.03282319754362106]
  static let batchNormRunningVar: [Float] = [0.87701016664505, 0.8719384074211121]
  static let batchNormEvalOut: [Float] = [-1.1268796920776367, -1.0200984477996826, -0.9133171439170837, -0.7144889831542969, -0.6073976159095764, -0.5003061890602112, -0.48619189858436584, -0.37941062450408936, -0.2726292908191681, -0.07194054126739502, 0.03515082225203514, 0.14224225282669067, 0.1544959545135498, 0.26127728819847107, 0.3680585026741028, 0.5706078410148621, 0.6776992678642273, 0.7847906947135925, 0.7951838374137878, 0.9019650220870972, 1.0087463855743408, 1.2131564617156982, 1.3202476501464844, 1.42733895778656]
  static let rfftReal: [Float] = [0.9797959923744202, 0.6940221190452576, -0.24494896829128265, 0.38783591985702515, 0.0, 0.26536139845848083, -0.24494899809360504, 0.44907310605049133]
  static let rfftImag: [Float] = [0.0, 0.0, 1.0606601238250732, -0.10606600344181061, -1.202081561088562, 0.742462158203125, 0.0, 0.0]
  static let irfftValues: [Float] = [0.15000008046627045, 1.5000001192092896, 0.9828429222106934, 0.057842690497636795, -1.0, 0.9000000357627869, 1.0500000715255737, -4.8666990437595814e-08, 2.200000047683716, -0.30000004172325134, 0.21715731918811798, 0.3921574056148529]
  static let conv2dValues: [Float] = [-0.4000000059604645, -0.025000005960464478, 0.34999996423721313, -1.0500000715255737, -0.7875000238418579, -0.5250000357627869]
}

/// Optimizers, schedules and fused operations against PyTorch.
@Suite("PyTorch reference values")
struct TorchReferenceTests {
  static let p0: [Float] = [0.5, -1.0, 1.5, 2.0]
  static let grads: [[Float]] = (0..<5).map { t in
    let t = Float(t)
    return [0.1 * t - 0.2, 0.3, -0.5 + 0.05 * t, 1.0 - 0.1 * t]
  }

  /// Runs five steps with the literal gradients and returns the parameter after each step.
  func run(_ optimizer: any Optimizer) -> [Float] {
    let p = Parameter(Tensor(Self.p0, shape: [2, 2]))
    var trace: [Float] = []
    for g in Self.grads {
      p.grad = Tensor(g, shape: [2, 2])
      optimizer.step([p])
      trace += p.value.scalars
    }
    return trace
  }

  @Test("SGD variants") func sgd() {
    expectClose(run(SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)), TorchReference.sgdMomentumDecay, tolerance: 1e-6, "momentum + decay")
    expectClose(run(SGD(learningRate: 0.05, momentum: 0.8, nesterov: true)), TorchReference.sgdNesterov, tolerance: 1e-6, "nesterov")
    expectClose(run(SGD(learningRate: 0.1, momentum: 0.5, dampening: 0.3)), TorchReference.sgdDampening, tolerance: 1e-6, "dampening")
    expectClose(run(SGD(learningRate: 0.1)), TorchReference.sgdPlain, tolerance: 1e-6, "plain")
  }

  @Test("Adam and AdamW") func adam() {
    expectClose(run(Adam(learningRate: 0.01, weightDecay: 0.1)), TorchReference.adamDecay, tolerance: 2e-6, "adam L2")
    expectClose(run(Adam(learningRate: 0.1, betas: (0.8, 0.99), eps: 1e-6)), TorchReference.adamBetas, tolerance: 2e-6, "adam betas")
    expectClose(run(AdamW(learningRate: 0.01, weightDecay: 0.1)), TorchReference.adamW, tolerance: 2e-6, "adamW")
  }

  @Test("Clipping by global norm") func clipping() {
    let a = Parameter(Tensor.zeros([3])), b = Parameter(Tensor.zeros([2, 2]))
    a.grad = Tensor([0.3, -0.4, 1.2])
    b.grad = Tensor([0.5, 0.1, -0.2, 0.7], shape: [2, 2])
    let norm = clipGradNorm([a, b], maxNorm: 0.5)
    expectClose([norm], TorchReference.clipNorm, tolerance: 1e-6, "norm")
    expectClose(a.grad!.scalars + b.grad!.scalars, TorchReference.clipGrads, tolerance: 1e-6, "clipped")
    // Below the limit nothing changes.
    let before = a.grad!.scalars
    clipGradNorm([a], maxNorm: 10)
    #expect(a.grad!.scalars == before)
  }

  @Test("Schedules") func schedules() {
    let cosine = LearningRateSchedule.cosine(base: 0.1, minimum: 0.001, period: 5)
    expectClose((0..<12).map { cosine($0) }, TorchReference.cosineRates, tolerance: 1e-6, "cosine")
    let warmup = LearningRateSchedule.linearWarmup(base: 0.1, startFactor: 0.1, steps: 4)
    expectClose((0..<7).map { warmup($0) }, TorchReference.warmupRates, tolerance: 1e-6, "warm-up")
    #expect(LearningRateSchedule.constant(0.3)(17) == 0.3)
  }

  static var x: Tensor { Tensor([0.2, -1.3, 2.1, 0.0, 0.7, -0.4, 0.9, -2.2, 1.6, -0.1, 3.0, 0.5, -0.5, 1.0, 0.25], shape: [3, 5]) }
  static var w: Tensor { Tensor([0.5, 1.5, -1.0, 2.0, 0.3]) }
  static var b: Tensor { Tensor([0.1, -0.2, 0.3, 0.0, 0.05]) }
  static var r: Tensor { Tensor([0.3, -0.1, 0.7, 0.2, -0.5, 0.6, 0.4, -0.3, 0.1, 0.9, -0.8, 0.2, 0.5, -0.6, 0.3], shape: [3, 5]) }

  @Test("GELU, layer norm, cross-entropy, log-softmax", arguments: MatmulBackend.allCases)
  func fused(_ backend: MatmulBackend) {
    BLAS.withBackend(backend) {
      let (_, gelu) = valueAndGrad(at: [Self.x]) { ($0[0].gelu() * Self.r).sum() }
      expectClose(Self.x.gelu().scalars, TorchReference.geluValues, tolerance: 1e-6, "gelu")
      expectClose(gelu[0].scalars, TorchReference.geluGrad, tolerance: 1e-6, "gelu grad")
      expectClose(linear(Self.x, weight: Tensor([1, 0, 0, 0, 0], shape: [1, 5]), activation: .gelu).scalars,
        [TorchReference.geluValues[0], TorchReference.geluValues[5], TorchReference.geluValues[10]], tolerance: 1e-6, "fused gelu")

      let ln = layerNorm(Self.x, weight: Self.w, bias: Self.b)
      expectClose(ln.scalars, TorchReference.layerNormValues, tolerance: 1e-5, "layer norm")
      let (_, g) = valueAndGrad(at: [Self.x, Self.w, Self.b]) { (layerNorm($0[0], weight: $0[1], bias: $0[2]) * Self.r).sum() }
      expectClose(g[0].scalars, TorchReference.layerNormGradX, tolerance: 1e-5, "layer norm dx")
      expectClose(g[1].scalars, TorchReference.layerNormGradW, tolerance: 1e-5, "layer norm dw")
      expectClose(g[2].scalars, TorchReference.layerNormGradB, tolerance: 1e-5, "layer norm db")

      let (ce, gce) = valueAndGrad(at: [Self.x]) { crossEntropy($0[0] * 3, IndexTensor([2, -100, 0])) }
      expectClose([ce.item], TorchReference.crossEntropyValue, tolerance: 1e-5, "cross-entropy")
      expectClose(gce[0].scalars, TorchReference.crossEntropyGrad, tolerance: 1e-5, "cross-entropy grad")
      expectClose(Self.x.logSoftmax(axis: 0).scalars, TorchReference.logSoftmaxAxis0, tolerance: 1e-6, "log-softmax axis 0")
    }
  }

  @Test("Batch norm running statistics") func batchNorm() {
    let bn = BatchNorm(2)
    let in1 = Tensor.arange(24).reshaped([4, 2, 3]) * 0.1 - 1
    let in2 = Tensor((0..<24).map { Float(cos(Double($0))) }, shape: [4, 2, 3])
    let out1 = bn(in1)
    _ = bn(in2)
    expectClose(out1.scalars, TorchReference.batchNormTrainOut, tolerance: 1e-5, "train output")
    expectClose(bn.runningMean.scalars, TorchReference.batchNormRunningMean, tolerance: 1e-5, "running mean")
    expectClose(bn.runningVariance.scalars, TorchReference.batchNormRunningVar, tolerance: 1e-5, "running variance")
    bn.eval()
    expectClose(bn(in1).scalars, TorchReference.batchNormEvalOut, tolerance: 1e-5, "eval output")
  }

  @Test("Real DFT and convolution", arguments: MatmulBackend.allCases)
  func fourierAndConvolution(_ backend: MatmulBackend) {
    BLAS.withBackend(backend) {
      let sig = Tensor([0.1, 1.0, 0.5, -0.3, -1.2, 0.8, 0.7, 0.0, 2.0, -0.4, 0.3, 0.6], shape: [1, 6, 2])
      let (re, im) = rfft(sig, axis: 1)
      expectClose(re.scalars, TorchReference.rfftReal, tolerance: 1e-5, "rfft real")
      expectClose(im.scalars, TorchReference.rfftImag, tolerance: 1e-5, "rfft imaginary")
      let back = irfft(real: re * 1.5, imaginary: im - 0.2, n: 6, axis: 1)
      expectClose(back.scalars, TorchReference.irfftValues, tolerance: 1e-5, "irfft")
      let img = Tensor.arange(12).reshaped([1, 1, 4, 3]) * 0.25 - 1
      let ker = Tensor([0.2, -0.1, 0.3, 0.5, 0.0, -0.4, 1.0, 0.5, -0.5, -1.0, 0.25, 0.1], shape: [2, 1, 2, 3])
      expectClose(conv2d(img, weight: ker, bias: Tensor([0.1, -0.2])).scalars, TorchReference.conv2dValues, tolerance: 1e-5, "conv2d")
    }
  }
}
