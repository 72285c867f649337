import SSRData
import SSREval
import SSRModels

/// `energy` and `firingRates`: estimated inference energy of models in notebooks.
enum EnergyBuiltins {
  static var all: [Builtin] { [energy, firingRates] }

  /// Evaluation batches measured for the firing rates unless `batches:` says otherwise.
  static let defaultBatches = 8

  /// How spike sums are costed (default: ``EnergyRules/standard``).
  static var rules: [ConfigArgument<EnergyRules>] {
    [
      .choice(
        "spikeSums", \.spikeSums, ["perSpike": .accumulatePerSpike, "float": .multiplyAccumulate], defaults: .standard,
        doc: "how inputs that are sums of spike trains are costed")
    ]
  }

  /// Energies per operation (default: ``EnergyConstants/horowitz45nm``).
  static var constants: [ConfigArgument<EnergyConstants>] {
    [
      .double("mac", \.mac, defaults: .horowitz45nm, doc: "energy of a multiply-accumulate in pJ (45 nm)"),
      .double("ac", \.accumulate, defaults: .horowitz45nm, doc: "energy of an accumulate in pJ (45 nm)"),
    ]
  }

  static var energyParameters: [BuiltinParameter] {
    [.labeled("batches", .int, default: .int(defaultBatches), doc: "evaluation batches (of 256 test samples) for the firing rates")]
      + rules.map(\.parameter) + constants.map(\.parameter)
      + [
        .labeled(
          "includeFusion", .bool, default: .bool(true),
          doc: "count the feature-fusion layers of a model with side features (they run on the server); false: the device alone")
      ]
  }

  /// The energy report of a model, with the options of `energy`/`compare`.
  static func report(_ object: ModelObject, split: DatasetSplit, call: BuiltinCall) throws(BuiltinError) -> EnergyReport {
    let batches = try call.int("batches") ?? defaultBatches
    guard batches >= 1 else { throw BuiltinError("batches must be at least 1", parameter: "batches") }
    let rules = try ConfigArgument.read(rules, from: call, into: .standard)
    let constants = try ConfigArgument.read(constants, from: call, into: .horowitz45nm)
    let includesFusion = try call.bool("includeFusion") ?? true
    do {
      let report = try EnergyReport.measure(
        object.model, spec: object.spec, context: object.context, on: split, batches: batches, constants: constants, rules: rules)
      return includesFusion ? report : report.excludingFusion()
    } catch let error as EnergyError {
      throw BuiltinError(error.description)
    } catch {
      throw BuiltinError("measuring the energy of \(object.model.name) failed: \(error)")
    }
  }

  static var energy: Builtin {
    Builtin(
      name: "energy", category: "Energy",
      parameters: [
        .positional("model", .object("Model"), doc: "a model"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), doc: "the split whose test samples give the firing rates"),
      ] + energyParameters,
      summary: "Estimated energy per inference with a per-layer breakdown (MACs at 4.6 pJ, spike-driven ACs at 0.9 pJ).",
      discussion: """
          energy(m, on: ds)
          energy(s, on: ds, spikeSums: .float)       // residual sums of spikes costed as float
        A layer with float input costs MACs × steps × E_MAC; a layer driven by binary spikes costs
        rate × T × MACs × E_AC, with the rate measured on the test samples. Element-wise operations
        and the embedding lookup are not counted; the final scoring product is the shared part.
        The result's `total`, `modified` and `shared` members are in pJ; `rows` has one record per layer.
        A model trained with side features also lists its fusion layers as part `fusion (server)`
        (`fusion` member; `device` is the rest); includeFusion: false leaves them out.
        """
    ) { call in
      guard case .object(let object as ModelObject) = try call.required("model") else { throw BuiltinError("expected a Model") }
      let energy = try report(object, split: try ModelBuiltins.split(call, "on"), call: call)
      call.context.runs?.update(object.runID) { $0.energy = energy.total / 1e6 }  // the model's training run
      return .object(EnergyObject(report: energy))
    }
  }

  static var firingRates: Builtin {
    Builtin(
      name: "firingRates", category: "Energy",
      parameters: [
        .positional("model", .object("Model"), doc: "a spiking model"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), doc: "the split whose test samples are run"),
        .labeled("batches", .int, default: .int(defaultBatches), doc: "evaluation batches of 256 samples"),
      ],
      summary: "The firing rate of every spiking neuron layer (spikes per neuron per time step) on test samples.",
      discussion: "  firingRates(s, on: ds) |> sort(by: .rate, descending: true)"
    ) { call in
      guard case .object(let object as ModelObject) = try call.required("model") else { throw BuiltinError("expected a Model") }
      let batches = try call.int("batches") ?? defaultBatches
      guard batches >= 1 else { throw BuiltinError("batches must be at least 1", parameter: "batches") }
      let rates: FiringRates
      do {
        rates = try FiringRates.measure(
          object.model, context: object.context, accounting: object.spec.energy, on: try ModelBuiltins.split(call, "on"),
          batches: batches)
      } catch let error as EnergyError {
        throw BuiltinError(error.description)
      } catch let error as BuiltinError {
        throw error
      } catch {
        throw BuiltinError("measuring firing rates failed: \(error)")
      }
      return .list(rates.rates.map { .record(Record([("neuron", .string($0.neuron)), ("rate", .double($0.rate))])) })
    }
  }
}

