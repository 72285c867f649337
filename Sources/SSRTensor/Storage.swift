import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reuses large Float buffers between operations, so a training step does not page-fault fresh
/// memory for every intermediate tensor. Buffers are keyed by exact element count (a training
/// loop allocates the same sizes every step); the pool holds at most ``byteLimit`` bytes.
enum BufferPool {
  /// Buffers smaller than this many elements go straight to malloc, which is fast for them.
  static let minimumCount = 4096
  /// The most memory the pool keeps for reuse.
  static let byteLimit = 256 << 20
  /// The most buffers kept per size.
  static let perSizeLimit = 32

  private struct State {
    var free: [Int: [UInt]] = [:]
    var bytes = 0
  }

  private static let state = Mutex(State())

  /// A buffer of `count` floats; contents are unspecified.
  static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
    if count >= minimumCount {
      let reused: UInt? = state.withLock { s in
        guard var list = s.free[count], let address = list.popLast() else { return nil }
        s.free[count] = list
        s.bytes -= count * 4
        return address
      }
      if let reused, let pointer = UnsafeMutablePointer<Float>(bitPattern: reused) {
        return pointer
      }
    }
    return UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(count, 1))
  }

  /// Gives a buffer back; it is either kept for reuse or freed.
  static func release(_ pointer: UnsafeMutablePointer<Float>, count: Int) {
    if count >= minimumCount {
      let address = UInt(bitPattern: pointer)
      let kept: Bool = state.withLock { s in
        guard s.bytes + count * 4 <= byteLimit else { return false }
        var list = s.free[count, default: []]
        guard list.count < perSizeLimit else { return false }
        list.append(address)
        s.free[count] = list
        s.bytes += count * 4
        return true
      }
      if kept { return }
    }
    pointer.deallocate()
  }

  /// Frees every pooled buffer (for memory measurements and tests).
  static func drain() {
    let addresses: [UInt] = state.withLock { s in
      let all = s.free.values.flatMap { $0 }
      s.free = [:]
      s.bytes = 0
      return all
    }
    for address in addresses {
      UnsafeMutablePointer<Float>(bitPattern: address)?.deallocate()
    }
  }

  /// Bytes currently held for reuse.
  static var pooledBytes: Int { state.withLock { $0.bytes } }
}

/// The reference-counted buffer behind a ``Tensor``; copied on write when shared.
final class Storage {
  let pointer: UnsafeMutablePointer<Float>
  let count: Int

  /// The number of storages alive in the process (to check that nothing is retained).
  static let liveCount = Atomic<Int>(0)

  /// Uninitialised storage for `count` floats.
  init(uninitializedCount count: Int) {
    self.count = count
    pointer = BufferPool.allocate(count)
    Storage.liveCount.add(1, ordering: .relaxed)
  }

  /// Storage filled with `value`.
  convenience init(count: Int, repeating value: Float) {
    self.init(uninitializedCount: count)
    if value == 0 {
      memset(pointer, 0, count * MemoryLayout<Float>.stride)
    } else {
      pointer.initialize(repeating: value, count: count)
    }
  }

  /// A copy of another storage.
  convenience init(copying other: Storage) {
    self.init(uninitializedCount: other.count)
    pointer.update(from: other.pointer, count: count)
  }

  deinit {
    Storage.liveCount.subtract(1, ordering: .relaxed)
    BufferPool.release(pointer, count: count)
  }
}
