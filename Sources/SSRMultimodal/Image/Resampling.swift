import Foundation

/// The resampling filters of Pillow's `Image.resize` that work by convolution, with Pillow's
/// numbers (`PIL.Image.Resampling`), as `preprocessor_config.json` names them in `resample`.
public enum ResamplingFilter: Int, Sendable, CaseIterable {
  /// Lanczos (a = 3), Pillow's `LANCZOS` (1).
  case lanczos = 1
  /// Triangle (linear), Pillow's `BILINEAR` (2).
  case bilinear = 2
  /// Keys' cubic convolution with a = −0.5, Pillow's `BICUBIC` (3): CLIP's filter.
  case bicubic = 3
  /// Box, Pillow's `BOX` (4).
  case box = 4
  /// Hamming-windowed sinc, Pillow's `HAMMING` (5).
  case hamming = 5

  /// The half-width of the kernel at scale 1.
  var support: Double {
    switch self {
    case .box: return 0.5
    case .bilinear, .hamming: return 1
    case .bicubic: return 2
    case .lanczos: return 3
    }
  }

  /// The kernel, as Pillow's `Resample.c` evaluates it.
  func weight(_ x: Double) -> Double {
    switch self {
    case .box:
      return x > -0.5 && x <= 0.5 ? 1 : 0
    case .bilinear:
      let x = abs(x)
      return x < 1 ? 1 - x : 0
    case .hamming:
      let x = abs(x)
      if x == 0 { return 1 }
      if x >= 1 { return 0 }
      let t = x * Double.pi
      // Pillow writes the window's constants as floats.
      return sin(t) / t * (Double(Float(0.54)) + Double(Float(0.46)) * cos(t))
    case .bicubic:
      let a = -0.5, x = abs(x)
      if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
      if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
      return 0
    case .lanczos:
      guard x >= -3 && x < 3 else { return 0 }
      func sinc(_ x: Double) -> Double { x == 0 ? 1 : sin(x * Double.pi) / (x * Double.pi) }
      return sinc(x) * sinc(x / 3)
    }
  }
}

/// The fixed-point weights of one resampling pass (Pillow's `precompute_coeffs` followed by
/// `normalize_coeffs_8bpc`): for each output position, the first input index, the number of
/// inputs, and their weights scaled by 2^22.
struct ResamplingKernel {
  /// Pillow's `PRECISION_BITS` (32 − 8 − 2).
  static let precisionBits = 22
  /// The first input of each output.
  var first: [Int] = []
  /// The number of inputs of each output.
  var count: [Int] = []
  /// `outputs × stride` weights, row per output.
  var weights: [Int32] = []
  /// The row length of `weights`.
  var stride = 0

  /// The kernel mapping `inputSize` samples to `outputSize` with `filter`, widened by the scale
  /// when downscaling (antialiasing).
  init(inputSize: Int, outputSize: Int, filter: ResamplingFilter) {
    // Pillow computes the box extent in float, then the scale in double.
    let scale = Double(Float(inputSize) - Float(0)) / Double(outputSize)
    let filterScale = max(scale, 1)
    let support = filter.support * filterScale
    stride = Int(support.rounded(.up)) * 2 + 1
    weights = [Int32](repeating: 0, count: outputSize * stride)
    var row = [Double](repeating: 0, count: stride)
    for output in 0..<outputSize {
      let center = (Double(output) + 0.5) * scale
      let inverse = 1 / filterScale
      // C's (int) cast truncates toward zero, as Int(_:) does.
      let low = max(Int(center - support + 0.5), 0)
      let high = min(Int(center + support + 0.5), inputSize)
      let n = high - low
      var total = 0.0
      for x in 0..<n {
        let w = filter.weight((Double(x + low) - center + 0.5) * inverse)
        row[x] = w
        total += w
      }
      for x in 0..<stride {
        var w = x < n ? row[x] : 0
        if x < n && total != 0 { w /= total }
        let scaled = w * Double(1 << ResamplingKernel.precisionBits)
        weights[output * stride + x] = Int32(w < 0 ? Int(-0.5 + scaled) : Int(0.5 + scaled))
      }
      first.append(low)
      count.append(n)
    }
  }

  /// Pillow's `clip8`: the accumulated sum shifted down by the precision, clamped to 0...255.
  @inline(__always) static func clip8(_ sum: Int) -> UInt8 {
    let v = sum >> precisionBits
    return v < 0 ? 0 : (v > 255 ? 255 : UInt8(v))
  }
}

extension RGBImage {
  /// The image resized to `width × height` exactly as Pillow's `Image.resize(size, filter)` does
  /// for 8-bit RGB: separable convolution in two passes, each rounded to 8 bits, with the kernel
  /// stretched by the scale when downscaling so that it antialiases, and Pillow's fixed-point
  /// arithmetic. The horizontal pass runs first (over the rows the vertical pass needs), except
  /// when the height shrinks by more than twice as many pixels as the width: then, as in
  /// Pillow 13, the vertical pass runs first (the order changes the 8-bit rounding in between).
  ///
  /// - Precondition: `width` and `height` are positive.
  public func resized(width: Int, height: Int, filter: ResamplingFilter = .bicubic) -> RGBImage {
    precondition(width > 0 && height > 0, "resize to \(width) x \(height): sizes must be positive")
    if width == self.width && height == self.height { return self }
    let vertical = ResamplingKernel(inputSize: self.height, outputSize: height, filter: filter)
    if width == self.width {
      return RGBImage(width: width, height: height, pixels: RGBImage.verticalPass(pixels, width: width, firstRow: 0, kernel: vertical))
    }
    let horizontal = ResamplingKernel(inputSize: self.width, outputSize: width, filter: filter)
    if height == self.height {
      return RGBImage(
        width: width, height: height,
        pixels: RGBImage.horizontalPass(pixels, width: self.width, rows: 0..<height, kernel: horizontal))
    }
    if height < self.height && self.height - height > 2 * (self.width - width) {
      let shrunk = RGBImage.verticalPass(pixels, width: self.width, firstRow: 0, kernel: vertical)
      return RGBImage(
        width: width, height: height, pixels: RGBImage.horizontalPass(shrunk, width: self.width, rows: 0..<height, kernel: horizontal))
    }
    // Only the rows the vertical pass reads.
    let firstRow = vertical.first[0]
    let lastRow = vertical.first[height - 1] + vertical.count[height - 1]
    let narrowed = RGBImage.horizontalPass(pixels, width: self.width, rows: firstRow..<lastRow, kernel: horizontal)
    return RGBImage(width: width, height: height, pixels: RGBImage.verticalPass(narrowed, width: width, firstRow: firstRow, kernel: vertical))
  }

  /// The horizontal pass over `rows` of an RGB buffer `width` pixels wide.
  private static func horizontalPass(_ pixels: [UInt8], width: Int, rows: Range<Int>, kernel: ResamplingKernel) -> [UInt8] {
    let outputWidth = kernel.first.count
    var result = [UInt8](repeating: 0, count: rows.count * outputWidth * 3)
    let half = 1 << (ResamplingKernel.precisionBits - 1)
    pixels.withUnsafeBufferPointer { input in
      result.withUnsafeMutableBufferPointer { output in
        kernel.weights.withUnsafeBufferPointer { weights in
          for (r, y) in rows.enumerated() {
            let rowStart = y * width * 3
            for x in 0..<outputWidth {
              let low = kernel.first[x], n = kernel.count[x], k = x * kernel.stride
              var r0 = half, g0 = half, b0 = half
              for j in 0..<n {
                let s = rowStart + (low + j) * 3, w = Int(weights[k + j])
                r0 += Int(input[s]) * w
                g0 += Int(input[s + 1]) * w
                b0 += Int(input[s + 2]) * w
              }
              let d = (r * outputWidth + x) * 3
              output[d] = ResamplingKernel.clip8(r0)
              output[d + 1] = ResamplingKernel.clip8(g0)
              output[d + 2] = ResamplingKernel.clip8(b0)
            }
          }
        }
      }
    }
    return result
  }

  /// The vertical pass over an RGB buffer `width` pixels wide whose first row is source row `firstRow`.
  private static func verticalPass(_ pixels: [UInt8], width: Int, firstRow: Int, kernel: ResamplingKernel) -> [UInt8] {
    let height = kernel.first.count, rowLength = width * 3
    var result = [UInt8](repeating: 0, count: height * rowLength)
    let half = 1 << (ResamplingKernel.precisionBits - 1)
    pixels.withUnsafeBufferPointer { input in
      result.withUnsafeMutableBufferPointer { output in
        kernel.weights.withUnsafeBufferPointer { weights in
          for y in 0..<height {
            let low = kernel.first[y] - firstRow, n = kernel.count[y], k = y * kernel.stride
            for x in 0..<rowLength {
              var sum = half
              for j in 0..<n { sum += Int(input[(low + j) * rowLength + x]) * Int(weights[k + j]) }
              output[y * rowLength + x] = ResamplingKernel.clip8(sum)
            }
          }
        }
      }
    }
    return result
  }
}
