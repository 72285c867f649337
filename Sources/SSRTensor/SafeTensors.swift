import Foundation
import SSRCore

/// Reading and writing the safetensors format (Hugging Face): an 8-byte little-endian header
/// length, a JSON header mapping names to dtype, shape and byte range, then the raw data.
/// SSR writes and reads little-endian `F32`; files are written atomically.
public enum SafeTensors {
  /// The largest header SSR accepts (the reference implementation's limit).
  static let maximumHeaderBytes = 100_000_000

  /// The element type tensors are stored in.
  public enum StoredType: String, Sendable {
    /// IEEE single precision, as computed.
    case f32 = "F32"
    /// IEEE half precision, rounded to nearest even: half the bytes.
    case f16 = "F16"

    var bytes: Int { self == .f32 ? 4 : 2 }
  }

  /// Encodes tensors (and optional string metadata) as safetensors bytes, stored as `type`, in
  /// name order (the header padded with spaces to 8 bytes, as the reference does).
  public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:], as type: StoredType = .f32) -> Data {
    let names = tensors.keys.sorted()
    var entries: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.keys.sorted().map { "\(JSONText.quoted($0)):\(JSONText.quoted(metadata[$0]!))" }
      entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
    }
    var offset = 0
    for name in names {
      let t = tensors[name]!
      let bytes = t.count * type.bytes
      let shape = t.shape.map(String.init).joined(separator: ",")
      entries.append(
        "\(JSONText.quoted(name)):{\"dtype\":\"\(type.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + bytes)]}")
      offset += bytes
    }
    var headerBytes = Array(("{" + entries.joined(separator: ",") + "}").utf8)
    while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
    var data = Data(capacity: 8 + headerBytes.count + offset)
    var length = UInt64(headerBytes.count).littleEndian
    withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
    data.append(contentsOf: headerBytes)
    for name in names {
      tensors[name]!.withUnsafeBufferPointer { b in
        switch type {
        case .f32:
          for x in b {
            var bits = x.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { data.append(contentsOf: $0) }
          }
        case .f16:
          for x in b {
            var bits = halfBits(x).littleEndian
            withUnsafeBytes(of: &bits) { data.append(contentsOf: $0) }
          }
        }
      }
    }
    return data
  }

  /// Writes tensors to `path` atomically (a reader never sees a partial file).
  ///
  /// - Throws: ``TensorError/writeFailed(path:reason:)``.
  public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to path: String) throws(TensorError) {
    do {
      try AtomicFile.write(encode(tensors, metadata: metadata), to: path)
    } catch {
      throw .writeFailed(path: path, reason: error.reason)
    }
  }

  /// Reads every tensor from the safetensors file at `path`.
  ///
  /// - Throws: ``TensorError/invalidFile(path:reason:)`` naming what is wrong (unreadable file,
  ///   truncated data, malformed header, a dtype other than F32, overlapping or out-of-range offsets).
  public static func read(from path: String) throws(TensorError) -> (tensors: [String: Tensor], metadata: [String: String]) {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw .invalidFile(path: path, reason: "the file cannot be read (\(error.localizedDescription))")
    }
    do {
      let decoded = try decode(data, convertingFloats: false)
      return (decoded.tensors, decoded.metadata)
    } catch {
      throw .invalidFile(path: path, reason: error.message)
    }
  }

  /// Reads the floating-point tensors of a safetensors file written by another library: F32 as
  /// is, F16, BF16 and F64 converted to Float32. Tensors of integer or boolean dtypes (index
  /// buffers such as BERT's `position_ids`) are checked but not read; their names are returned in
  /// `skipped`.
  ///
  /// - Throws: ``TensorError/invalidFile(path:reason:)`` as ``read(from:)``, and for a dtype that
  ///   safetensors does not define.
  public static func readConvertingFloats(
    from path: String
  ) throws(TensorError) -> (tensors: [String: Tensor], metadata: [String: String], skipped: [String]) {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw .invalidFile(path: path, reason: "the file cannot be read (\(error.localizedDescription))")
    }
    do {
      return try decode(data, convertingFloats: true)
    } catch {
      throw .invalidFile(path: path, reason: error.message)
    }
  }

  /// A problem found while decoding.
  struct DecodeError: Error {
    let message: String
    init(_ message: String) { self.message = message }
  }

  /// The size in bytes of one element of each dtype safetensors defines.
  static let elementBytes: [String: Int] = [
    "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "F8_E4M3": 1, "F8_E5M2": 1,
    "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U64": 8, "U32": 4, "U16": 2, "U8": 1, "BOOL": 1,
  ]

  /// The floating-point dtypes ``readConvertingFloats(from:)`` converts to Float32.
  static let convertibleDTypes: Set<String> = ["F64", "F32", "F16", "BF16"]

  /// Decodes safetensors bytes: only F32 tensors, or (`convertingFloats`) F32, F16, BF16 and F64
  /// tensors converted to Float32 with tensors of other known dtypes skipped and named.
  static func decode(
    _ data: Data, convertingFloats: Bool = false
  ) throws(DecodeError) -> (tensors: [String: Tensor], metadata: [String: String], skipped: [String]) {
    let bytes = [UInt8](data)
    guard bytes.count >= 8 else { throw DecodeError("the file is \(bytes.count) bytes, shorter than the 8-byte header length") }
    var headerLength: UInt64 = 0
    for i in 0..<8 { headerLength |= UInt64(bytes[i]) << (8 * UInt64(i)) }
    guard headerLength <= UInt64(maximumHeaderBytes), Int(headerLength) <= bytes.count - 8 else {
      throw DecodeError("the header length \(headerLength) exceeds the file size \(bytes.count)")
    }
    let headerEnd = 8 + Int(headerLength)
    let json: Any
    do {
      json = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd]))
    } catch {
      throw DecodeError("the header is not valid JSON")
    }
    guard let header = json as? [String: Any] else { throw DecodeError("the header is not a JSON object") }
    let dataLength = bytes.count - headerEnd
    var metadata: [String: String] = [:]
    var ranges: [(name: String, start: Int, end: Int, shape: [Int], dtype: String)] = []
    for (name, value) in header {
      if name == "__metadata__" {
        guard let m = value as? [String: Any] else { throw DecodeError("__metadata__ is not an object") }
        for (k, v) in m {
          guard let s = v as? String else { throw DecodeError("metadata value for '\(k)' is not a string") }
          metadata[k] = s
        }
        continue
      }
      guard let entry = value as? [String: Any] else { throw DecodeError("entry '\(name)' is not an object") }
      guard let dtype = entry["dtype"] as? String else { throw DecodeError("entry '\(name)' has no dtype") }
      guard dtype == "F32" || convertingFloats else { throw DecodeError("tensor '\(name)' has dtype \(dtype); SSR reads only F32") }
      guard let size = elementBytes[dtype] else { throw DecodeError("tensor '\(name)' has an unknown dtype \(dtype)") }
      guard let shapeValues = entry["shape"] as? [Any], let offsets = entry["data_offsets"] as? [Any], offsets.count == 2 else {
        throw DecodeError("entry '\(name)' lacks a shape or two data offsets")
      }
      var shape: [Int] = []
      var elements = 1
      for s in shapeValues {
        guard let n = integer(s), n >= 0 else { throw DecodeError("tensor '\(name)' has an invalid shape") }
        let (product, overflow) = elements.multipliedReportingOverflow(by: n)
        guard !overflow else { throw DecodeError("tensor '\(name)' has a shape too large to address") }
        elements = product
        shape.append(n)
      }
      guard let start = integer(offsets[0]), let end = integer(offsets[1]), start >= 0, start <= end, end <= dataLength else {
        throw DecodeError("tensor '\(name)' has data offsets outside the \(dataLength) data bytes")
      }
      guard elements <= Int.max / size, end - start == elements * size else {
        throw DecodeError("tensor '\(name)' has \(end - start) bytes but shape \(shape) needs \(elements) × \(size)")
      }
      ranges.append((name, start, end, shape, dtype))
    }
    ranges.sort { ($0.start, $0.end) < ($1.start, $1.end) }
    var expected = 0
    for r in ranges {
      guard r.start == expected else { throw DecodeError("tensor '\(r.name)' overlaps or leaves a gap before it") }
      expected = r.end
    }
    guard expected == dataLength else { throw DecodeError("\(dataLength - expected) data bytes are not covered by any tensor") }
    var tensors: [String: Tensor] = [:]
    var skipped: [String] = []
    for r in ranges {
      guard convertibleDTypes.contains(r.dtype) else {
        skipped.append(r.name)
        continue
      }
      var t = Tensor(shape: r.shape, repeating: 0)
      t.withUnsafeMutableBufferPointer { out in
        let base = headerEnd + r.start
        switch r.dtype {
        case "F64":
          for i in 0..<out.count {
            var bits: UInt64 = 0
            for b in 0..<8 { bits |= UInt64(bytes[base + 8 * i + b]) << (8 * UInt64(b)) }
            out[i] = Float(Double(bitPattern: bits))
          }
        case "F16":
          for i in 0..<out.count {
            out[i] = float(half: UInt16(bytes[base + 2 * i]) | UInt16(bytes[base + 2 * i + 1]) << 8)
          }
        case "BF16":
          for i in 0..<out.count {
            let bits = UInt32(bytes[base + 2 * i]) << 16 | UInt32(bytes[base + 2 * i + 1]) << 24
            out[i] = Float(bitPattern: bits)
          }
        default:
          for i in 0..<out.count {
            let o = base + 4 * i
            let bits = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
            out[i] = Float(bitPattern: bits)
          }
        }
      }
      tensors[r.name] = t
    }
    return (tensors, metadata, skipped.sorted())
  }

  /// The Float32 value of IEEE half-precision bits (exact: every half is a float).
  static func float(half bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = Int(bits >> 10) & 0x1F
    let mantissa = UInt32(bits & 0x3FF)
    switch exponent {
    case 0:
      // Zero or subnormal: mantissa · 2^-24.
      let magnitude = Float(mantissa) * 0x1p-24
      return sign == 0 ? magnitude : -magnitude
    case 0x1F:
      return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
    default:
      return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | mantissa << 13)
    }
  }

  private static func integer(_ value: Any) -> Int? {
    if let n = value as? Int { return n }
    if let n = value as? NSNumber, let i = Int(exactly: n.doubleValue) { return i }
    return nil
  }
}

extension SafeTensors {
  /// Decodes safetensors bytes as ``readConvertingFloats(from:)`` reads a file (`origin` names
  /// the bytes in errors).
  ///
  /// - Throws: ``TensorError/invalidFile(path:reason:)``.
  public static func decodeConvertingFloats(
    _ data: Data, origin: String
  ) throws(TensorError) -> (tensors: [String: Tensor], metadata: [String: String], skipped: [String]) {
    do {
      return try decode(data, convertingFloats: true)
    } catch {
      throw .invalidFile(path: origin, reason: error.message)
    }
  }
}
