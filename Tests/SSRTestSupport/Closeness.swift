import SSRTensor
import Testing

/// `#expect` that two float arrays agree elementwise within `tolerance` (absolute + relative).
public func expectClose(
  _ actual: [Float], _ expected: [Float], tolerance: Float = 1e-5, _ what: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record("\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    return
  }
  for (i, (a, e)) in zip(actual, expected).enumerated() where !(Swift.abs(a - e) <= tolerance * (1 + Swift.abs(e))) {
    Issue.record("\(what): element \(i) is \(a), expected \(e)", sourceLocation: sourceLocation)
    return
  }
}
