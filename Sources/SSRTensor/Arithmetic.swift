#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum AddF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a + b } }
enum SubF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a - b } }
enum MulF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a * b } }
enum DivF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a / b } }
enum PowF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { powf(a, b) } }
enum MaxF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a >= b ? a : b } }
enum MinF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a <= b ? a : b } }
enum EqF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a == b ? 1 : 0 } }
enum NeF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a != b ? 1 : 0 } }
enum LtF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a < b ? 1 : 0 } }
enum LeF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a <= b ? 1 : 0 } }
enum GtF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a > b ? 1 : 0 } }
enum GeF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a >= b ? 1 : 0 } }
/// Gradient helper for `pow` with respect to the exponent: a^b · ln a (0 where a^b is 0).
enum PowLogF: BinaryFunction {
  @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float {
    let p = powf(a, b)
    return p == 0 ? 0 : p * logf(a)
  }
}

extension Tensor {
  /// Elementwise sum with broadcasting.
  public static func + (a: Tensor, b: Tensor) -> Tensor {
    binaryMap(a, b, AddF.self).recorded([a, b]) { g in
      [a.node == nil ? nil : g.reduced(toShape: a.shape), b.node == nil ? nil : g.reduced(toShape: b.shape)]
    }
  }

  /// Elementwise difference with broadcasting.
  public static func - (a: Tensor, b: Tensor) -> Tensor {
    binaryMap(a, b, SubF.self).recorded([a, b]) { g in
      [a.node == nil ? nil : g.reduced(toShape: a.shape), b.node == nil ? nil : (-g).reduced(toShape: b.shape)]
    }
  }

  /// Elementwise product with broadcasting.
  public static func * (a: Tensor, b: Tensor) -> Tensor {
    binaryMap(a, b, MulF.self).recorded([a, b]) { g in
      [
        a.node == nil ? nil : binaryMap(g, b, MulF.self).reduced(toShape: a.shape),
        b.node == nil ? nil : binaryMap(g, a, MulF.self).reduced(toShape: b.shape),
      ]
    }
  }

  /// Elementwise quotient with broadcasting.
  public static func / (a: Tensor, b: Tensor) -> Tensor {
    let out = binaryMap(a, b, DivF.self)
    return out.recorded([a, b]) { g in
      let ga = binaryMap(g, b, DivF.self)
      return [
        a.node == nil ? nil : ga.reduced(toShape: a.shape),
        b.node == nil ? nil : binaryMap(binaryMap(ga, out, MulF.self), Tensor(-1), MulF.self).reduced(toShape: b.shape),
      ]
    }
  }

  /// Negation.
  public static prefix func - (a: Tensor) -> Tensor {
    binaryMap(a, Tensor(-1), MulF.self).recorded([a]) { g in [-g] }
  }

  /// Adds a scalar.
  public static func + (a: Tensor, b: Float) -> Tensor { a + Tensor(b) }
  /// Adds to a scalar.
  public static func + (a: Float, b: Tensor) -> Tensor { Tensor(a) + b }
  /// Subtracts a scalar.
  public static func - (a: Tensor, b: Float) -> Tensor { a - Tensor(b) }
  /// Subtracts from a scalar.
  public static func - (a: Float, b: Tensor) -> Tensor { Tensor(a) - b }
  /// Multiplies by a scalar.
  public static func * (a: Tensor, b: Float) -> Tensor { a * Tensor(b) }
  /// Multiplies a scalar.
  public static func * (a: Float, b: Tensor) -> Tensor { Tensor(a) * b }
  /// Divides by a scalar.
  public static func / (a: Tensor, b: Float) -> Tensor { a * Tensor(1 / b) }
  /// Divides a scalar.
  public static func / (a: Float, b: Tensor) -> Tensor { Tensor(a) / b }

  /// Adds `other` into this tensor in place, without recording (buffers are copied if shared).
  mutating func addInPlace(_ other: Tensor) {
    precondition(shape == other.shape, "in-place add of \(other.shape) into \(shape)")
    makeUnique()
    let p = SendablePointer(storage.pointer), q = other.storage.pointer
    parallelFor(count, grain: 1 << 17) { r in
      for i in r { p.pointer[i] += q[i] }
    }
  }
}

/// `a` raised to the power `b`, elementwise with broadcasting.
public func pow(_ a: Tensor, _ b: Tensor) -> Tensor {
  let out = binaryMap(a, b, PowF.self)
  return out.recorded([a, b]) { g in
    var ga: Tensor? = nil
    if a.node != nil {
      // d/da a^b = b · a^(b-1)
      let bm1 = binaryMap(b, Tensor(1), SubF.self)
      ga = binaryMap(binaryMap(g, b, MulF.self), binaryMap(a, bm1, PowF.self), MulF.self).reduced(toShape: a.shape)
    }
    var gb: Tensor? = nil
    if b.node != nil {
      gb = binaryMap(g, binaryMap(a, b, PowLogF.self), MulF.self).reduced(toShape: b.shape)
    }
    return [ga, gb]
  }
}

/// `a` raised to a scalar power.
public func pow(_ a: Tensor, _ exponent: Float) -> Tensor { pow(a, Tensor(exponent)) }

/// The larger of two tensors, elementwise; on ties the gradient goes to `a`.
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
  binaryMap(a, b, MaxF.self).recorded([a, b]) { g in
    let pickA = binaryMap(a, b, GeF.self)
    return [
      a.node == nil ? nil : binaryMap(g, pickA, MulF.self).reduced(toShape: a.shape),
      b.node == nil ? nil : binaryMap(g, binaryMap(Tensor(1), pickA, SubF.self), MulF.self).reduced(toShape: b.shape),
    ]
  }
}

/// The smaller of two tensors, elementwise; on ties the gradient goes to `a`.
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
  binaryMap(a, b, MinF.self).recorded([a, b]) { g in
    let pickA = binaryMap(a, b, LeF.self)
    return [
      a.node == nil ? nil : binaryMap(g, pickA, MulF.self).reduced(toShape: a.shape),
      b.node == nil ? nil : binaryMap(g, binaryMap(Tensor(1), pickA, SubF.self), MulF.self).reduced(toShape: b.shape),
    ]
  }
}

/// Chooses `a` where `condition` is non-zero and `b` elsewhere, with broadcasting
/// (`torch.where`, MLX `which`). `condition` receives no gradient.
public func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
  let mask = binaryMap(condition, Tensor(0), NeF.self)
  let shape = broadcastShapes(broadcastShapes(condition.shape, a.shape), b.shape)
  let maskFull = binaryMap(mask, Tensor(shape: shape, repeating: 0), AddF.self)
  let inverse = binaryMap(Tensor(1), maskFull, SubF.self)
  // out = b + mask·(a − b), computed without 0·inf = NaN by selecting explicitly.
  let out = Tensor(uninitializedShape: shape)
  let aFull = binaryMap(a, Tensor(shape: shape, repeating: 0), AddF.self)
  let bFull = binaryMap(b, Tensor(shape: shape, repeating: 0), AddF.self)
  let pm = maskFull.storage.pointer, pa = aFull.storage.pointer, pb = bFull.storage.pointer
  let po = out.storage.pointer
  for i in 0..<out.count { po[i] = pm[i] != 0 ? pa[i] : pb[i] }
  return out.recorded([a, b]) { g in
    [
      a.node == nil ? nil : binaryMap(g, maskFull, MulF.self).reduced(toShape: a.shape),
      b.node == nil ? nil : binaryMap(g, inverse, MulF.self).reduced(toShape: b.shape),
    ]
  }
}

extension Tensor {
  /// 1 where the elements are equal, else 0 (no gradient).
  public func equal(_ other: Tensor) -> Tensor { binaryMap(self, other, EqF.self) }
  /// 1 where the elements differ, else 0 (no gradient).
  public func notEqual(_ other: Tensor) -> Tensor { binaryMap(self, other, NeF.self) }
  /// 1 where `self < other`, else 0 (no gradient).
  public func less(_ other: Tensor) -> Tensor { binaryMap(self, other, LtF.self) }
  /// 1 where `self <= other`, else 0 (no gradient).
  public func lessEqual(_ other: Tensor) -> Tensor { binaryMap(self, other, LeF.self) }
  /// 1 where `self > other`, else 0 (no gradient).
  public func greater(_ other: Tensor) -> Tensor { binaryMap(self, other, GtF.self) }
  /// 1 where `self >= other`, else 0 (no gradient).
  public func greaterEqual(_ other: Tensor) -> Tensor { binaryMap(self, other, GeF.self) }
}
