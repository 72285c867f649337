import Testing
@testable import SSRNotebook

/// One expected formatting result.
struct NumberFormatCase: Sendable, CustomTestStringConvertible {
  let value: Double
  let digits: Int
  let expected: String
  var testDescription: String { "\(value) @ \(digits) -> \(expected)" }
}

/// Expected `%g`-like results (checked against glibc printf), plus the `.0` rule.
let significantCases: [NumberFormatCase] = [
  NumberFormatCase(value: 3.0, digits: 4, expected: "3.0"),
  NumberFormatCase(value: 0.123456, digits: 4, expected: "0.1235"),
  NumberFormatCase(value: 1234567.0, digits: 4, expected: "1.235e+06"),
  NumberFormatCase(value: -1234567.0, digits: 3, expected: "-1.23e+06"),
  NumberFormatCase(value: 1e-05, digits: 4, expected: "1e-05"),
  NumberFormatCase(value: 0.0001, digits: 4, expected: "0.0001"),
  NumberFormatCase(value: 0.00012345, digits: 4, expected: "0.0001234"),
  NumberFormatCase(value: 9.9995, digits: 4, expected: "9.999"),
  NumberFormatCase(value: -9.9995, digits: 4, expected: "-9.999"),
  NumberFormatCase(value: 9.99951, digits: 4, expected: "10.0"),
  NumberFormatCase(value: 99995.0, digits: 4, expected: "1e+05"),
  NumberFormatCase(value: 12345.0, digits: 4, expected: "1.234e+04"),
  NumberFormatCase(value: 1234.4, digits: 4, expected: "1234.0"),
  NumberFormatCase(value: 100.0, digits: 4, expected: "100.0"),
  NumberFormatCase(value: 2.5, digits: 1, expected: "2.0"),
  NumberFormatCase(value: 0.125, digits: 2, expected: "0.12"),
  NumberFormatCase(value: 0.15, digits: 1, expected: "0.1"),
  NumberFormatCase(value: 0.35, digits: 1, expected: "0.3"),
  NumberFormatCase(value: 0.0, digits: 4, expected: "0.0"),
  NumberFormatCase(value: -0.0, digits: 4, expected: "-0.0"),
  NumberFormatCase(value: -2.5, digits: 4, expected: "-2.5"),
  NumberFormatCase(value: 1e100, digits: 4, expected: "1e+100"),
  NumberFormatCase(value: 1e15, digits: 4, expected: "1e+15"),
  NumberFormatCase(value: 1.5e-300, digits: 4, expected: "1.5e-300"),
  NumberFormatCase(value: Double.leastNonzeroMagnitude, digits: 4, expected: "4.941e-324"),
  NumberFormatCase(value: Double.greatestFiniteMagnitude, digits: 4, expected: "1.798e+308"),
  NumberFormatCase(value: 0.1, digits: 17, expected: "0.10000000000000001"),
  NumberFormatCase(value: 0.1, digits: 20, expected: "0.10000000000000000555"),
  NumberFormatCase(value: 123.0, digits: 0, expected: "1e+02"),
  NumberFormatCase(value: 123.0, digits: -5, expected: "1e+02"),
  NumberFormatCase(value: .nan, digits: 4, expected: "nan"),
  NumberFormatCase(value: -Double.nan, digits: 4, expected: "nan"),
  NumberFormatCase(value: .infinity, digits: 4, expected: "inf"),
  NumberFormatCase(value: -.infinity, digits: 4, expected: "-inf"),
]

@Test(arguments: significantCases)
func significantMatchesTable(_ item: NumberFormatCase) {
  #expect(NumberFormat.significant(item.value, digits: item.digits) == item.expected)
}

/// Expected `%.*f` results (checked against glibc printf).
let fixedCases: [NumberFormatCase] = [
  NumberFormatCase(value: 3.14159, digits: 2, expected: "3.14"),
  NumberFormatCase(value: 2.675, digits: 2, expected: "2.67"),
  NumberFormatCase(value: 0.125, digits: 2, expected: "0.12"),
  NumberFormatCase(value: -1.005, digits: 2, expected: "-1.00"),
  NumberFormatCase(value: 0.5, digits: 0, expected: "0"),
  NumberFormatCase(value: 1.5, digits: 0, expected: "2"),
  NumberFormatCase(value: 2.5, digits: 0, expected: "2"),
  NumberFormatCase(value: 9.996, digits: 2, expected: "10.00"),
  NumberFormatCase(value: -0.001, digits: 2, expected: "-0.00"),
  NumberFormatCase(value: 0.0, digits: 3, expected: "0.000"),
  NumberFormatCase(value: 1e-7, digits: 3, expected: "0.000"),
  NumberFormatCase(value: 1e20, digits: 1, expected: "100000000000000000000.0"),
  NumberFormatCase(value: 0.1, digits: 20, expected: "0.10000000000000000555"),
  NumberFormatCase(value: 123.456, digits: -1, expected: "123"),
  NumberFormatCase(value: .nan, digits: 2, expected: "nan"),
  NumberFormatCase(value: -.infinity, digits: 2, expected: "-inf"),
]

@Test(arguments: fixedCases)
func fixedMatchesTable(_ item: NumberFormatCase) {
  #expect(NumberFormat.fixed(item.value, decimals: item.digits) == item.expected)
}

@Test func seventeenSignificantDigitsRoundTrip() {
  var random = TestRandom(seed: 17)
  for _ in 0..<2000 {
    let x = Double(bitPattern: random.next())
    guard x.isFinite else { continue }
    let text = NumberFormat.significant(x, digits: 17)
    #expect(Double(text) == x, "\(text) does not round-trip to \(x)")
  }
}

@Test func significantAgreesWithSwiftShortestDigits() {
  // Swift's description prints the shortest round-tripping digits; rounding the exact value to that
  // many significant digits must give the same number.
  var random = TestRandom(seed: 5)
  for _ in 0..<2000 {
    let x = (random.unit() - 0.5) * 1e6
    let shortest = x.description
    let digitCount = shortest.filter(\.isNumber).drop(while: { $0 == "0" }).count
    let text = NumberFormat.significant(x, digits: max(1, digitCount))
    #expect(Double(text) == x, "\(text) vs \(shortest)")
  }
}

@Test func exactDecimalExpansion() {
  let half = RenderDecimal(0.5)
  #expect(half.digits == [5] && half.exponent == -1)
  let big = RenderDecimal(1024 * 1024 * 1024 * 1024.0)
  #expect(big.plainMagnitude(minFractionDigits: 0) == "1099511627776")
  #expect(RenderDecimal(-0.0).isZero && RenderDecimal(-0.0).negative)
  #expect(RenderDecimal(0.1).plainMagnitude(minFractionDigits: 0) == "0.1000000000000000055511151231257827021181583404541015625")
}
