/// Tab-completion candidates for the REPL: `:commands`, argument labels of the call being
/// typed, members of records and objects, bindings, builtins and keywords.
public struct Completer {
  /// The REPL's command names (without the colon).
  public var commands: [String]

  /// Creates a completer.
  public init(commands: [String]) {
    self.commands = commands
  }

  /// Candidates that complete `word`, the text before the cursor being `line`.
  public func candidates(line: String, word: String, session: Session) -> [String] {
    let trimmed = line.drop(while: { $0 == " " })
    if trimmed.hasPrefix(":") && !trimmed.contains(" ") {
      return commands.map { ":" + $0 }.filter { $0.hasPrefix(word) }
    }
    if let dot = word.lastIndex(of: "."), dot != word.startIndex {
      let base = String(word[..<dot])
      let partial = String(word[word.index(after: dot)...])
      return members(of: base, session: session).filter { $0.hasPrefix(partial) }.map { base + "." + $0 }
    }
    var candidates: [String] = []
    if let call = Completer.enclosingCall(in: line), let builtin = session.registry[call] {
      candidates += builtin.labels.map { $0 + ": " }
    }
    candidates += session.interpreter.globalOrder + session.registry.names + Keyword.allCases.map(\.rawValue)
    var seen = Set<String>()
    return candidates.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
  }

  private func members(of name: String, session: Session) -> [String] {
    guard let global = session.interpreter.globals[name] else { return [] }
    switch global.value {
    case .record(let record): return record.keys
    case .object(let object): return object.memberNames
    case .list(let values): return ValueDisplay.records(values)?.first?.keys ?? []
    default: return []
    }
  }

  /// The name of the innermost call whose parenthesis is still open at the end of `line`.
  public static func enclosingCall(in line: String) -> String? {
    var stack: [String?] = []
    var word = ""
    var inString = false
    var escaped = false
    for character in line {
      if inString {
        if escaped {
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == "\"" {
          inString = false
        }
        continue
      }
      switch character {
      case "\"": inString = true
      case "(":
        stack.append(word.isEmpty ? nil : word)
        word = ""
      case "[", "{":
        stack.append(nil)
        word = ""
      case ")", "]", "}":
        _ = stack.popLast()
        word = ""
      default:
        if character.isLetter || character.isNumber || character == "_" { word.append(character) } else { word = "" }
      }
    }
    return stack.last ?? nil
  }
}
