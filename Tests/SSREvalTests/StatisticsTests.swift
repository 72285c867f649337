import Testing

@testable import SSREval

/// Means with 95% intervals over seeds, and paired differences.
@Suite("Statistics over seeds")
struct StatisticsTests {
  @Test("Mean, sample standard deviation and Student's t interval")
  func meanEstimate() {
    let estimate = MeanEstimate([1, 2, 3, 4])
    #expect(estimate.mean == 2.5)
    #expect(abs(estimate.standardDeviation - 1.2909944) < 1e-6)
    #expect(abs((estimate.halfWidth ?? 0) - 3.182 * 1.2909944 / 2) < 1e-6)
    #expect(estimate.lower! < 2.5 && estimate.upper! > 2.5)
    let single = MeanEstimate([0.3])
    #expect(single.standardDeviation == 0 && single.halfWidth == nil && single.lower == nil)
  }

  @Test("t quantiles: the table to 30 degrees of freedom, then within 0.002 of the exact values")
  func quantiles() {
    #expect(MeanEstimate.tQuantile975(degreesOfFreedom: 1) == 12.706)
    #expect(MeanEstimate.tQuantile975(degreesOfFreedom: 30) == 2.042)
    for (df, exact) in [(40, 2.021), (60, 2.000), (120, 1.980), (100_000, 1.960)] {
      #expect(abs(MeanEstimate.tQuantile975(degreesOfFreedom: df) - exact) < 0.002, "df \(df)")
    }
  }

  @Test("Paired differences: per-pair differences, their interval and the relative change")
  func paired() {
    let test = PairedDifference([0.20, 0.22, 0.25], [0.21, 0.24, 0.26])
    #expect(abs(test.difference.mean - (-0.04 / 3)) < 1e-12)
    #expect(abs(test.relative! - (-0.04 / 3) / (0.71 / 3)) < 1e-12)
    // The pairing removes the seeds' shared variation: the differences vary less than either side.
    #expect(test.difference.standardDeviation < test.a.standardDeviation)
    #expect(PairedDifference([1], [0]).relative == nil)
  }
}
