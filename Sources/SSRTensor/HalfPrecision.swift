/// IEEE half-precision bits of a Float32, rounded to nearest even (overflow gives ±infinity,
/// NaN stays NaN), without relying on the platform's `Float16`.
func halfBits(_ value: Float) -> UInt16 {
  let bits = value.bitPattern
  let sign = UInt16((bits >> 16) & 0x8000)
  let exponent = Int((bits >> 23) & 0xFF)
  let mantissa = bits & 0x7F_FFFF
  if exponent == 0xFF { return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0) }
  let e = exponent - 127 + 15
  if e >= 0x1F { return sign | 0x7C00 }
  if e <= 0 {
    // Subnormal half (or zero): shift the full significand right, rounding to nearest even.
    guard e >= -10 else { return sign }
    let significand = mantissa | 0x80_0000
    let shift = UInt32(14 - e)
    var half = significand >> shift
    let remainder = significand & ((1 << shift) - 1)
    let halfway = UInt32(1) << (shift - 1)
    if remainder > halfway || (remainder == halfway && half & 1 == 1) { half += 1 }
    return sign | UInt16(half)
  }
  var half = UInt32(e) << 10 | mantissa >> 13
  let remainder = mantissa & 0x1FFF
  if remainder > 0x1000 || (remainder == 0x1000 && half & 1 == 1) { half += 1 }  // may carry into the exponent: correct
  return sign | UInt16(half)
}
