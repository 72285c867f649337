import Foundation
import SSRData
import SSRRuns

/// `runs`: the run registry as a table.
enum RunsBuiltin {
  static var all: [Builtin] { [runs] }

  static var runs: Builtin {
    Builtin(
      name: "runs", category: "Tuning",
      parameters: [
        .labeled("model", .oneOf([.symbol(choices: []), .list(.symbol(choices: []))]), optional: true, doc: "runs of this model (or these), e.g. .sasrec"),
        .labeled("dataset", .string, optional: true, doc: "runs on the dataset of this name, e.g. \"ml-100k\""),
        .labeled("kind", .symbol(choices: RunKind.allCases.map(\.rawValue)), optional: true, doc: "runs of one builtin: .train, .evaluate, .compare, .sweep or .trial"),
        .labeled("study", .string, optional: true, doc: "the trials of the study of this name"),
        .labeled("state", .symbol(choices: RunState.allCases.map(\.rawValue)), optional: true, doc: "runs in this state, e.g. .complete"),
        .labeled("by", .symbol(choices: []), optional: true, doc: "the column to sort by (default: newest first)"),
        .labeled("descending", .bool, default: .bool(false), doc: "largest first when sorting by a column"),
        .labeled("group", .symbol(choices: ["none", "seeds"]), default: .symbol("none"), doc: ".seeds: one row per configuration, metrics averaged over its complete runs"),
        .labeled("limit", .int, default: .int(50), doc: "at most this many rows"),
        .labeled("details", .bool, default: .bool(false), doc: "add the full configuration, the dataset's identity, the source and the SSR version"),
      ],
      summary: "The recorded runs (train, evaluate, compare, sweep, tune trials) as a table: filter, sort, group over seeds.",
      discussion: """
          runs()                                            // the 50 newest runs
          runs(model: .sfsrec, kind: .sweep, by: .ndcg10, descending: true, limit: 5)
          runs(study: "sasrec-tpe", by: .trial)             // a study's trials, including cut-short attempts
          runs(kind: .train, group: .seeds)                 // mean metrics of runs that differ only by seed
          runs(kind: .compare, details: true)[0].config     // the full options of a run
        Every train, evaluate, compare, sweep run and tune trial of ssr-run and ssr-repl is recorded in
        the run registry, a SQLite database (.ssr-cache/runs.sqlite in the working directory, or
        $SSR_RUNS, or ssr-run --runs PATH; --no-runs records nothing). A row has the run's id, kind,
        state (running, complete, failed, pruned, interrupted), model, dataset, study and trial, what
        it varied (a sweep point with its seed number, a trial's options), final metrics (the best
        epoch's on `part` for trainings and trials, the test part's for evaluate, compare and sweep),
        energy per inference (µJ) when any run has it, epochs, seconds and start time (UTC); details:
        true adds the weight and shuffling seeds, a trial's objective value, the end time, the full
        configuration (config), the data's identity (data), the notebook (source), the SSR version
        (tool) and a failure's message (error). Runs whose process died
        are shown as interrupted. With group: .seeds, complete runs with the same model, data and
        options except the seeds make one row with their count (`runs`) and mean metrics, energy and
        seconds. The rows depend on what ran before: use them in notebooks for exploration, not in
        saved outputs.
        """
    ) { call in try run(call) }
  }

  private static func run(_ call: BuiltinCall) throws -> Value {
    guard let recorder = call.context.runs else {
      throw BuiltinError("this session records no runs", help: "run ssr-run or ssr-repl without --no-runs")
    }
    var query = RunQuery()
    switch call.value("model") {
    case .symbol(let name)?: query.models = [try ModelBuiltins.spec(name, context: call.context).name]
    case .list(let names)?:
      query.models = try names.map { value throws(BuiltinError) in
        guard case .symbol(let name) = value else { throw BuiltinError("expected model names such as .sasrec", parameter: "model") }
        return try ModelBuiltins.spec(name, context: call.context).name
      }
    default: break
    }
    query.datasetName = try call.string("dataset")
    if let kind = try call.symbol("kind") { query.kinds = RunKind(rawValue: kind).map { [$0] } }
    if let state = try call.symbol("state") { query.states = RunState(rawValue: state).map { [$0] } }
    query.study = try call.string("study")
    let limit = try call.int("limit") ?? 50
    guard limit >= 1 else { throw BuiltinError("limit must be at least 1, got \(limit)", parameter: "limit") }
    let sortKey = try call.symbol("by")
    let grouped = try call.symbol("group") == "seeds"
    if sortKey == nil && !grouped { query.limit = limit }
    if grouped { query.states = [.complete] }
    let details = try call.bool("details") ?? false

    let registry: RunRegistry
    let records: [RunRecord]
    var studies: [Int64: String] = [:]
    do throws(RunRegistryError) {
      registry = try recorder.registry()
      records = try registry.runs(query)
      for id in Set(records.compactMap(\.studyID)) { studies[id] = try registry.studyName(id: id) }
    } catch {
      throw BuiltinError(error.message)
    }
    let metricNames = orderedMetrics(records)
    var rows = grouped ? group(records, metrics: metricNames) : records.map {
      row($0, metrics: metricNames, studies: studies, withEnergy: records.contains { $0.energy != nil }, details: details)
    }
    if let sortKey {
      guard rows.contains(where: { $0[sortKey] != nil }) || rows.isEmpty else {
        let columns = rows.first?.keys ?? []
        throw BuiltinError(
          "no column `\(sortKey)` to sort by", parameter: "by",
          help: Suggestions.didYouMean(sortKey, among: columns).map { $0.replacingOccurrences(of: "`", with: "`.").replacingOccurrences(of: "`..", with: "`.") }
            ?? "the columns are \(columns.joined(separator: ", "))")
      }
      let descending = try call.bool("descending") ?? false
      rows = sorted(rows, by: sortKey, descending: descending)
    }
    return .list(rows.prefix(limit).map(Value.record))
  }

  /// One row per run.
  private static func row(_ run: RunRecord, metrics: [String], studies: [Int64: String], withEnergy: Bool, details: Bool) -> Record {
    var fields: [(String, Value)] = [
      ("id", .int(Int(run.id ?? 0))), ("kind", .string(run.kind.rawValue)), ("state", .string(run.state.rawValue)),
      ("model", .string(run.model)), ("dataset", .string(run.datasetName)),
    ]
    if let study = run.studyID { fields += [("study", studies[study].map(Value.string) ?? .nothing)] }
    if let trial = run.trial { fields.append(("trial", .int(trial))) }
    fields += decode(run.parameters).fields.map { ($0.key, $0.value) }
    let values = run.metricValues
    fields += metrics.map { ($0, values[$0].map(Value.double) ?? .nothing) }
    fields.append(("part", run.part.map(Value.string) ?? .nothing))
    if withEnergy { fields.append(("energy", run.energy.map(Value.double) ?? .nothing)) }
    fields += [
      ("epochs", run.epochs.map(Value.int) ?? .nothing), ("seconds", run.seconds.map(Value.double) ?? .nothing),
      ("started", .string(timestamp(run.startedAt))),
    ]
    if details {
      fields += [
        ("weightSeed", run.seed.map { .int(Int($0)) } ?? .nothing), ("shuffleSeed", run.shuffleSeed.map { .int(Int($0)) } ?? .nothing),
        ("value", run.value.map(Value.double) ?? .nothing), ("ended", run.endedAt.map { .string(timestamp($0)) } ?? .nothing),
        ("config", decodedValue(run.configuration)), ("data", decodedValue(run.dataset)), ("source", run.source.map(Value.string) ?? .nothing),
        ("tool", .string(run.tool)), ("error", run.error.map(Value.string) ?? .nothing),
      ]
    }
    return Record(fields)
  }

  /// One row per group of complete runs that differ only by their seeds.
  private static func group(_ runs: [RunRecord], metrics: [String]) -> [Record] {
    var order: [String] = []
    var groups: [String: [RunRecord]] = [:]
    for run in runs.reversed() {  // oldest first
      let key = [run.kind.rawValue, run.model, run.fingerprint, run.configuration, String(run.studyID ?? 0)].joined(separator: "\u{1F}")
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(run)
    }
    return order.map { key in
      let members = groups[key]!
      let first = members[0]
      var fields: [(String, Value)] = [
        ("kind", .string(first.kind.rawValue)), ("model", .string(first.model)), ("dataset", .string(first.datasetName)),
      ]
      var parameters = decode(first.parameters)
      parameters["seed"] = nil
      fields += parameters.fields.map { ($0.key, $0.value) }
      fields.append(("runs", .int(members.count)))
      func mean(_ values: [Double]) -> Value { values.isEmpty ? .nothing : .double(values.reduce(0, +) / Double(values.count)) }
      fields += metrics.map { name in (name, mean(members.compactMap { $0.metricValues[name] })) }
      if runs.contains(where: { $0.energy != nil }) { fields.append(("energy", mean(members.compactMap(\.energy)))) }
      fields.append(("seconds", mean(members.compactMap(\.seconds))))
      return Record(fields)
    }
  }

  /// The metric names of the runs: by cut-off, then hr, ndcg, mrr.
  static func orderedMetrics(_ runs: [RunRecord]) -> [String] {
    var names = Set<String>()
    for run in runs { names.formUnion(run.metricValues.keys) }
    func rank(_ name: String) -> (Int, Int, String) {
      for (index, prefix) in ["hr", "ndcg", "mrr"].enumerated() where name.hasPrefix(prefix) {
        if let k = Int(name.dropFirst(prefix.count)) { return (k, index, name) }
      }
      return (Int.max, 0, name)
    }
    return names.sorted { rank($0) < rank($1) }
  }

  /// Rows sorted by a column (stable; rows without it last).
  private static func sorted(_ rows: [Record], by key: String, descending: Bool) -> [Record] {
    rows.enumerated().sorted { a, b in
      let (x, y) = (a.element[key], b.element[key])
      guard let x, let y, !isNothing(x), !isNothing(y) else {
        let (xMissing, yMissing) = (x.map(isNothing) ?? true, y.map(isNothing) ?? true)
        return xMissing == yMissing ? a.offset < b.offset : yMissing
      }
      let order = (try? Operators.compare(x, y, op: "<")) ?? 0
      if order == 0 { return a.offset < b.offset }
      return descending ? order > 0 : order < 0
    }.map(\.element)
  }

  private static func isNothing(_ value: Value) -> Bool {
    if case .nothing = value { return true }
    return false
  }

  private static func decode(_ text: String?) -> Record {
    if case .record(let record) = decodedValue(text) { return record }
    return Record([])
  }

  /// A JSON text as a notebook value (nothing when it is missing or not JSON).
  private static func decodedValue(_ text: String?) -> Value {
    guard let text, let literal = try? LiteralParser.parse(text, dialect: .json), let value = try? FileBuiltins.value(of: literal) else {
      return .nothing
    }
    return value
  }

  private static func timestamp(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    return formatter.string(from: date)
  }
}
