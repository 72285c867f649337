/// Suggestions for misspelt names ("did you mean …?"), by Damerau–Levenshtein distance
/// (optimal string alignment variant).
public enum Suggestions {
  /// The edit distance between two strings, counting insertions, deletions, substitutions and
  /// transpositions of adjacent characters, case-insensitively.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.lowercased())
    let y = Array(b.lowercased())
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous2 = [Int](repeating: 0, count: y.count + 1)
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
          best = min(best, previous2[j - 2] + 1)
        }
        current[j] = best
      }
      previous2 = previous
      previous = current
    }
    return previous[y.count]
  }

  /// The candidates closest to `name` (the ties at the smallest distance, at most 3), if any is close
  /// enough to be a plausible typo.
  public static func closest(to name: String, among candidates: [String]) -> [String] {
    let limit = max(1, min(3, name.count / 3 + 1))
    var scored: [(String, Int)] = []
    for candidate in Set(candidates) {
      let distance = editDistance(name, candidate)
      let isPrefix = candidate.lowercased().hasPrefix(name.lowercased()) && name.count >= 3
      if distance <= limit || isPrefix { scored.append((candidate, isPrefix ? min(distance, limit) : distance)) }
    }
    guard let best = scored.map(\.1).min() else { return [] }
    return scored.filter { $0.1 == best }.map(\.0).sorted().prefix(3).map { $0 }
  }

  /// "did you mean `a`?" / "did you mean `a` or `b`?", or nil when nothing is close.
  public static func didYouMean(_ name: String, among candidates: [String], suffix: String = "") -> String? {
    let close = closest(to: name, among: candidates)
    guard !close.isEmpty else { return nil }
    let quoted = close.map { "`\($0)\(suffix)`" }
    if quoted.count == 1 { return "did you mean \(quoted[0])?" }
    return "did you mean \(quoted.dropLast().joined(separator: ", ")) or \(quoted.last!)?"
  }
}
