import Testing
@testable import SSRCore

@Suite("SHA-256")
struct SHA256Tests {
  @Test("FIPS 180-4 test vectors")
  func vectors() {
    #expect(SHA256.hash("").hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hash("abc").hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").hexString
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test("Streaming in uneven chunks equals one-shot hashing")
  func streaming() {
    let text = String(repeating: "spike-wise sequential recommendation ", count: 97)
    let bytes = Array(text.utf8)
    var hasher = SHA256()
    var index = 0
    var chunk = 1
    while index < bytes.count {
      let end = min(bytes.count, index + chunk)
      if chunk % 2 == 0 {
        bytes[index..<end].withUnsafeBytes { hasher.update($0) }
      } else {
        hasher.update(bytes[index..<end])
      }
      index = end
      chunk = chunk * 3 % 101 + 1
    }
    #expect(hasher.finalize() == SHA256.hash(text))
  }

  @Test("A million 'a's")
  func million() {
    var hasher = SHA256()
    let block = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
    for _ in 0..<1000 { block.withUnsafeBytes { hasher.update($0) } }
    #expect(hasher.finalize().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }
}
