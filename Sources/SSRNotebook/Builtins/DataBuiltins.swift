import Foundation
import SSRData

/// `datasets`, `load`, `kcore`, `split`, `summary`, `synthetic`, `sideInfo`: the data pipeline
/// of ``SSRData`` in notebooks.
enum DataBuiltins {
  static var all: [Builtin] { [datasets, load, kcore, split, summary, synthetic, SideInfoBuiltins.sideInfo, FetchBuiltin.fetch] + SideInfoBuiltins.features }

  /// The session's loader (manifest, data roots, cache), created on first use.
  static func loader(_ context: EvaluationContext) throws(BuiltinError) -> DatasetLoader {
    if let loader = context.services["data.loader"] as? DatasetLoader { return loader }
    do {
      let loader = try DatasetLoader.standard()
      context.services["data.loader"] = loader
      return loader
    } catch {
      throw BuiltinError(
        error.description, help: "run from the repository root (where datasets.manifest is) or set $SSR_MANIFEST")
    }
  }

  /// Runs a data operation, turning its typed errors into messages for the user.
  static func data<T>(_ body: () throws(DataError) -> T) throws(BuiltinError) -> T {
    do {
      return try body()
    } catch {
      throw BuiltinError(error.description)
    }
  }

  static func dataset(_ call: BuiltinCall, _ parameter: String) throws(BuiltinError) -> SequenceDataset {
    guard case .object(let object) = try call.required(parameter) else {
      throw BuiltinError("expected a Dataset", parameter: parameter)
    }
    if let dataset = object as? DatasetObject { return dataset.dataset }
    if let split = object as? SplitObject { return split.split.dataset }
    throw BuiltinError("expected a Dataset, found \(object.typeName)", parameter: parameter)
  }

  static var datasets: Builtin {
    Builtin(
      name: "datasets", category: "Data", parameters: [],
      summary: "The datasets of the manifest, with where each is found on this machine, the files it needs and where to get them.",
      discussion: """
        Data folders are searched in this order: an explicit `path:` of load, $SSR_DATA,
        ./datasets, ../shared/datasets, ~/.cache/ssr/datasets.
        """
    ) { call in
      let loader = try loader(call.context)
      return .list(
        loader.datasets().map { available in
          .record(
            Record([
              ("name", .string(available.entry.name)),
              ("title", .string(available.entry.title)),
              ("inPaper", .bool(available.entry.inPaper)),
              ("found", .bool(available.location != nil)),
              ("where", .string(available.location?.path ?? "not found")),
              ("needs", .string(available.entry.interactions.map(\.file).joined(separator: " or "))),
              ("source", .string(available.entry.manualDownload ?? available.entry.downloadURL)),
            ]))
        })
    }
  }

  /// The preprocessing options `load` reads (k-core is its own step, `kcore`).
  static var preprocessing: [ConfigArgument<PreprocessOptions>] {
    [
      .choice(
        "deduplicate", \.deduplicate, ["first": .first, "last": .last, "none": Deduplication.none], defaults: .defaults,
        doc: "repeated (user, item) pairs: keep the first, the last, or all (the reference keeps all)"),
      .int("maxLen", \.maxLen, defaults: .defaults, doc: "history window of each sample"),
    ]
  }

  static var load: Builtin {
    Builtin(
      name: "load", category: "Data",
      parameters: [
        .positional("name", .string, doc: "a dataset of the manifest (see datasets()), e.g. \"ml-1m\"; any name with format:"),
        .labeled("path", .string, optional: true, doc: "a dataset folder or file, instead of the standard data folders"),
        .labeled("file", .string, optional: true, doc: "which of the manifest's interaction files to read"),
        .labeled("format", .string, optional: true,
          doc: "read `path` (any file) in this manifest format: \(InteractionFormat.presetNames.joined(separator: ", "))"),
      ] + preprocessing.map(\.parameter) + [
        .labeled("onError", .symbol(choices: ["fail", "skip"]), default: .symbol("fail"), doc: "malformed lines stop the load, or are skipped and counted"),
      ],
      summary: "Loads a dataset from its original files (cached), as implicit feedback, without k-core.",
      discussion: """
          let ds = load("ml-1m") |> kcore(5) |> split(.timeRatio, test: 0.2)
          let mine = load("mine", path: "data/ratings.dat", format: "movielens-ratings", onError: .skip)
        Parsed datasets are cached in .ssr-cache/, keyed by the raw files' content and the options,
        so the second load is fast.
        """
    ) { call in
      let loader = try loader(call.context)
      let name = try call.string("name") ?? ""
      var options = try ConfigArgument.read(preprocessing, from: call, into: .defaults)
      options.kcore = 0
      let policy: ErrorPolicy = try call.symbol("onError") == "skip" ? .skip : .fail
      let path = try call.string("path").map { call.context.resolve(path: $0) }
      let file = try call.string("file")
      let format = try call.string("format")
      if let format {
        guard InteractionFormat.preset(named: format) != nil else {
          throw BuiltinError(
            "unknown format \"\(format)\"", parameter: "format",
            help: Suggestions.didYouMean(format, among: InteractionFormat.presetNames)
              ?? "the formats are \(InteractionFormat.presetNames.joined(separator: ", "))")
        }
        guard path != nil, file == nil else {
          throw BuiltinError("format: reads the file given by path:, e.g. load(\"mine\", path: \"data/ratings.dat\", format: \"\(format)\")", parameter: "format")
        }
      }
      let loaded = try data { () throws(DataError) in
        try options.validate()
        if let format, let path, let preset = InteractionFormat.preset(named: format) {
          return try loader.load(file: path, format: preset, name: name, options: options, onError: policy)
        }
        return try loader.load(name, options: options, path: path, file: file, onError: policy)
      }
      for file in loaded.dataset.provenance.files { call.context.noteFileRead(file) }
      var notes: [String] = []
      let skipped = loaded.dataset.provenance.skipped
      if skipped.count > 0 { notes.append("skipped \(skipped.count) malformed line(s)") }
      return .object(DatasetObject(loaded.dataset, notes: notes))
    }
  }

  static var kcore: Builtin {
    Builtin(
      name: "kcore", category: "Data",
      parameters: [
        .positional("dataset", .object("Dataset"), doc: "a dataset"),
        .positional("k", .int, default: .int(PreprocessOptions.defaults.kcore), doc: "the minimum number of interactions of every user and item"),
      ],
      summary: "Keeps users and items with at least k interactions, repeated until stable.",
      discussion: "  load(\"ml-1m\") |> kcore(5)"
    ) { call in
      let dataset = try dataset(call, "dataset")
      let k = try call.int("k") ?? PreprocessOptions.defaults.kcore
      guard k >= 0 else { throw BuiltinError("k must be 0 (off) or positive", parameter: "k") }
      return .object(DatasetObject(try data { () throws(DataError) in try dataset.kcore(k) }))
    }
  }

  static var split: Builtin {
    Builtin(
      name: "split", category: "Data",
      parameters: [
        .positional("dataset", .object("Dataset"), doc: "a dataset"),
        .positional("method", .symbol(choices: ["timeRatio", "paper", "leaveOneOut", "temporalCutoff"]), default: .symbol("timeRatio"), doc: "how samples are divided"),
        .labeled("test", .double, default: .double(SplitMethod.defaultTestFraction), doc: "test fraction (timeRatio: of each user's samples; temporalCutoff: time quantile)"),
        .labeled("valid", .double, default: .double(0), doc: "validation fraction, taken from the end of each user's training samples"),
      ],
      summary: "Splits a dataset's samples into train, valid and test parts.",
      discussion: """
          split(ds)                                   // the paper's: last 20% of each user's samples are test
          split(ds, .timeRatio, test: 0.2, valid: 0.1)
          split(ds, .leaveOneOut)                     // last sample test, the one before valid
          split(ds, .temporalCutoff, test: 0.2)       // a global time cut-off at the 80% quantile
        The parts are `s.train`, `s.valid` and `s.test`.
        """
    ) { call in
      let dataset = try dataset(call, "dataset")
      let test = try call.double("test") ?? SplitMethod.defaultTestFraction
      let valid = try call.double("valid") ?? 0
      let method: SplitMethod
      switch try call.symbol("method") ?? "timeRatio" {
      case "paper": method = .paper
      case "leaveOneOut": method = .leaveOneOut(valid: valid > 0)
      case "temporalCutoff": method = .temporalCutoff(test: test, valid: valid)
      default: method = .timeRatio(test: test, valid: valid)
      }
      return .object(SplitObject(try data { () throws(DataError) in try dataset.split(method) }))
    }
  }

  static var summary: Builtin {
    Builtin(
      name: "summary", category: "Data",
      parameters: [.positional("data", .oneOf([.object("Dataset"), .object("Split")]), doc: "a dataset or a split")],
      summary: "The paper's Table 1 statistics: users, items, interactions, average length, density.",
      discussion: "For a split, one row per part as well (sample counts)."
    ) { call in
      guard case .object(let object) = try call.required("data") else { throw BuiltinError("expected a Dataset or Split") }
      let summary: DatasetSummary
      if let split = object as? SplitObject {
        summary = split.split.summary()
      } else if let dataset = object as? DatasetObject {
        summary = dataset.dataset.summary()
      } else {
        throw BuiltinError("expected a Dataset or Split, found \(object.typeName)", parameter: "data")
      }
      let rows = summary.rows.map { row in
        Record([
          ("", .string(row.name)), ("users", .int(row.users)), ("items", .int(row.items)),
          ("interactions", .int(row.interactions)), ("avg length", .double(row.averageLength)),
          ("density %", .double(row.density * 100)),
        ])
      }
      var title = "\(summary.dataset.name): \(summary.options)"
      if summary.skippedLines > 0 { title += "; \(summary.skippedLines) malformed line(s) skipped" }
      return .object(TableObject(rows: rows, columns: nil, digits: 4, title: title))
    }
  }

  static var synthetic: Builtin {
    Builtin(
      name: "synthetic", category: "Data",
      parameters: [
        .labeled("users", .int, default: .int(1000), doc: "number of users"),
        .labeled("items", .int, default: .int(500), doc: "number of items"),
        .labeled("meanLength", .double, default: .double(40), doc: "mean sequence length"),
        .labeled("noise", .double, default: .double(0.1), doc: "probability that a step ignores the transition graph"),
        .labeled("seed", .int, optional: true, doc: "generator seed (default: from the cell's seed)"),
      ],
      summary: "A seeded synthetic dataset with learnable sequential structure (no download needed).",
      discussion: """
        Users walk an item-transition graph with popularity skew and noise, so sequence models beat
        popularity clearly. The result is 5-core filtered, like the real datasets.
          let ds = synthetic(users: 500, items: 200) |> split
        """
    ) { call in
      var options = SyntheticOptions()
      options.users = try call.int("users") ?? options.users
      options.items = try call.int("items") ?? options.items
      options.meanLength = try call.double("meanLength") ?? options.meanLength
      options.noise = try call.double("noise") ?? options.noise
      if let seed = try call.int("seed") {
        options.seed = UInt64(bitPattern: Int64(seed))
      } else {
        options.seed = call.context.random.next()
      }
      let chosen = options
      return .object(DatasetObject(try data { () throws(DataError) in
        try chosen.validate()
        return try SyntheticData.dataset(chosen)
      }))
    }
  }
}


/// `fetch`: downloads a dataset of the manifest.
enum FetchBuiltin {
  static var fetch: Builtin {
    Builtin(
      name: "fetch", category: "Data",
      parameters: [
        .positional("name", .string, doc: "a dataset of the manifest, e.g. \"ml-1m\""),
        .labeled("into", .string, optional: true, doc: "the data folder (default: $SSR_DATA, else ./datasets)"),
        .labeled("force", .bool, default: .bool(false), doc: "download again files that are already present"),
      ],
      summary: "Downloads a dataset's files over HTTPS, verifies checksums, and writes them atomically.",
      discussion: """
          fetch("ml-1m")      // then load("ml-1m") finds it
        Zip archives are unpacked. Sources that need a login (Kaggle) are not downloaded: the error
        gives the manual steps. Offline, the error names the URL and where to put the file.
        """
    ) { call in
      let fetcher: DatasetFetcher
      do throws(DataError) {
        fetcher = try DatasetFetcher.standard()
      } catch {
        throw BuiltinError(error.description, help: "run from the repository root (where datasets.manifest is) or set $SSR_MANIFEST")
      }
      let name = try call.string("name") ?? ""
      let root = try call.string("into").map { call.context.resolve(path: $0) }
      let force = try call.bool("force") ?? false
      let report = try DataBuiltins.data { () throws(DataError) in try fetcher.fetch(name, into: root, force: force) }
      for note in report.notes { call.context.emit(.text(note)) }
      return .list(
        report.files.map { file in
          .record(
            Record([
              ("file", .string(file.file)), ("status", .symbol("\(file.status)")), ("bytes", .int(Int(file.bytes))),
              ("verified", .bool(file.verified)), ("sha256", file.sha256.map { .string($0) } ?? .nothing),
            ]))
        })
    }
  }
}
