/// RGB samples of straight-alpha RGBA samples composited over an opaque white background with
/// the integer arithmetic of Pillow's `Image.alpha_composite` (7 extra bits of precision, rounded
/// divisions by 255), which is what `transformers`' `convert_to_rgb` does with transparent images.
func compositedOnWhite(rgba: UnsafeBufferPointer<UInt8>) -> [UInt8] {
  let count = rgba.count / 4
  var rgb = [UInt8](repeating: 255, count: count * 3)
  // Over a background of alpha 255: blend = 255 · (255 − a), outA = 255 · 255, so the
  // coefficients depend on a only; precompute them.
  let precision: UInt32 = 7
  var coefficients: [(UInt32, UInt32)] = []
  coefficients.reserveCapacity(256)
  for a in UInt32(0)...255 {
    let outA255 = a * 255 + 255 * (255 - a)
    let coef1 = a * 255 * 255 * (1 << precision) / outA255
    coefficients.append((coef1, 255 * (1 << precision) - coef1))
  }
  func shiftDivide255(_ v: UInt32) -> UInt32 { ((v >> 8) + v) >> 8 }
  for i in 0..<count {
    let a = Int(rgba[4 * i + 3])
    guard a != 0 else { continue }  // Pillow copies the background pixel
    let (coef1, coef2) = coefficients[a]
    for c in 0..<3 {
      let t = UInt32(rgba[4 * i + c]) * coef1 + 255 * coef2
      rgb[3 * i + c] = UInt8(truncatingIfNeeded: shiftDivide255(t + (0x80 << precision)) >> precision)
    }
  }
  return rgb
}
