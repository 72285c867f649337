/// Writes a REPL session as a notebook that `ssr-run` accepts: one cell per entry, with its
/// output, and names bound more than once renamed so that each cell binds a new name.
///
/// In the REPL `let x = …` may bind `x` again; a notebook may not. Every binding of such a name
/// but the last becomes `x_1`, `x_2`, …, and each read refers to the binding it saw in the
/// session, so the notebook computes what the session did:
///
///     let x = 1          →   let x_1 = 1
///     let x = x + 1      →   let x = x_1 + 1
public enum SessionNotebook {
  /// One entry of the session: its source and the output it showed (saved style).
  public struct Entry: Sendable, Equatable {
    /// The code typed.
    public var source: String
    /// What it showed.
    public var output: String

    /// An entry.
    public init(source: String, output: String) {
      self.source = source
      self.output = output
    }
  }

  /// The notebook text for `entries` run with `seed`.
  public static func text(_ entries: [Entry], seed: UInt64, title: String = "SSR session") -> String {
    let sources = renamingRebindings(entries.map(\.source))
    var text = "<!-- ssrnb:{\"format\":\(NotebookMetadata.currentFormat),\"seed\":\(seed)} -->\n# \(title)\n"
    for source in sources { text += "\n```ssr\n\(source)\n```\n" }
    let notebook = Notebook.parse(text)
    let analyses = NotebookRunner.analyze(notebook)
    var outputs: [Int: NewOutput?] = [:]
    for (index, entry) in entries.enumerated() where !entry.output.isEmpty && index < analyses.count {
      outputs[index + 1] = NewOutput(text: entry.output, hash: analyses[index].hash)
    }
    return notebook.replacingOutputs(outputs).printed()
  }

  /// The sources with every binding of a name bound more than once, but the last, renamed, and
  /// the reads of each renamed binding renamed with it. Sources that do not parse are kept.
  public static func renamingRebindings(_ sources: [String]) -> [String] {
    let programs = sources.map { try? Parser.parse($0) }
    let occurrences = programs.map { $0.map(FreeNames.occurrences) ?? [] }
    var bindingCount: [String: Int] = [:]
    var taken = Set<String>()
    for list in occurrences {
      for occurrence in list {
        switch occurrence {
        case .binding(let name, _):
          bindingCount[name, default: 0] += 1
          taken.insert(name)
        case .read(let name, _):
          taken.insert(name)
        }
      }
    }
    // The new name of binding number `k` (1-based) of `name`, for all but the last binding.
    var renamed: [String: [String]] = [:]
    for (name, count) in bindingCount.sorted(by: { $0.key < $1.key }) where count > 1 {
      var names: [String] = []
      for k in 1..<count {
        var candidate = "\(name)_\(k)"
        while taken.contains(candidate) { candidate += "_" }
        taken.insert(candidate)
        names.append(candidate)
      }
      renamed[name] = names
    }
    guard !renamed.isEmpty else { return sources }
    var seen: [String: Int] = [:]  // bindings of each name so far
    var result: [String] = []
    for (source, list) in zip(sources, occurrences) {
      var edits: [(range: SourceRange, name: String)] = []
      for occurrence in list {
        switch occurrence {
        case .read(let name, let range):
          if let names = renamed[name], let k = seen[name], k >= 1, k <= names.count { edits.append((range, names[k - 1])) }
        case .binding(let name, let range):
          let k = seen[name, default: 0] + 1
          seen[name] = k
          if let names = renamed[name], k <= names.count { edits.append((range, names[k - 1])) }
        }
      }
      var characters = Array(source)
      for edit in edits.sorted(by: { $0.range.start.offset > $1.range.start.offset }) {
        characters.replaceSubrange(edit.range.start.offset..<edit.range.end.offset, with: Array(edit.name))
      }
      result.append(String(characters))
    }
    return result
  }
}
