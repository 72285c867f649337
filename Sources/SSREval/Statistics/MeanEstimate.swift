/// The mean of repeated measurements (one per seed, say) with its spread and a 95% confidence
/// interval from Student's t distribution: `mean ± t(0.975, n − 1) · sd / √n`.
public struct MeanEstimate: Sendable, Hashable {
  /// The number of measurements.
  public let count: Int
  /// Their mean.
  public let mean: Double
  /// Their sample standard deviation (n − 1 in the denominator); 0 for a single measurement.
  public let standardDeviation: Double
  /// Half the width of the 95% confidence interval of the mean; nil with fewer than two
  /// measurements (the interval is unbounded).
  public let halfWidth: Double?

  /// The estimate from `values`.
  ///
  /// - Precondition: `values` is not empty.
  public init(_ values: [Double]) {
    precondition(!values.isEmpty, "an estimate needs at least one value")
    count = values.count
    mean = values.reduce(0, +) / Double(values.count)
    guard values.count > 1 else {
      standardDeviation = 0
      halfWidth = nil
      return
    }
    let average = mean
    let squares = values.reduce(0) { $0 + ($1 - average) * ($1 - average) }
    let deviation = (squares / Double(values.count - 1)).squareRoot()
    standardDeviation = deviation
    halfWidth = Self.tQuantile975(degreesOfFreedom: values.count - 1) * deviation / Double(values.count).squareRoot()
  }

  /// The lower end of the 95% interval (nil when unbounded).
  public var lower: Double? { halfWidth.map { mean - $0 } }
  /// The upper end of the 95% interval (nil when unbounded).
  public var upper: Double? { halfWidth.map { mean + $0 } }

  /// The 0.975 quantile of Student's t with `degreesOfFreedom` (exact to 3 decimals from the
  /// standard table up to 30, then interpolated in 1/df towards the normal's 1.960).
  public static func tQuantile975(degreesOfFreedom df: Int) -> Double {
    precondition(df >= 1, "degrees of freedom start at 1")
    let table: [Double] = [
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
      2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ]
    if df <= table.count { return table[df - 1] }
    // Beyond 30: t ≈ z + (t30 − z)·30/df (within 0.002 of the exact values at 40, 60 and 120).
    let z = 1.959964
    return z + (table[29] - z) * 30 / Double(df)
  }
}

/// Paired differences `a − b` of two sets of measurements taken under the same conditions (the
/// same seeds), with the mean difference, its 95% interval and the relative difference.
public struct PairedDifference: Sendable, Hashable {
  /// The estimate of `a`.
  public let a: MeanEstimate
  /// The estimate of `b`.
  public let b: MeanEstimate
  /// The estimate of the differences `a_i − b_i`.
  public let difference: MeanEstimate

  /// Pairs `a[i]` with `b[i]`.
  ///
  /// - Precondition: both have the same, non-zero count.
  public init(_ a: [Double], _ b: [Double]) {
    precondition(a.count == b.count && !a.isEmpty, "paired measurements need the same, non-zero count")
    self.a = MeanEstimate(a)
    self.b = MeanEstimate(b)
    difference = MeanEstimate(zip(a, b).map { $0 - $1 })
  }

  /// The mean difference relative to `b`'s mean (e.g. −0.055 for "5.5% below"); nil when `b`'s
  /// mean is 0.
  public var relative: Double? { b.mean == 0 ? nil : difference.mean / b.mean }
}
