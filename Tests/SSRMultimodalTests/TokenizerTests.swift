import Foundation
import SSRTensor
import Testing
@testable import SSRMultimodal

/// The expected ids below were computed once with Hugging Face's tokenizer for the fixture
/// vocabulary (`AutoTokenizer.from_pretrained("Tests/SSRMultimodalTests/Fixtures/tiny-bert")`, the
/// Rust-backed `BertTokenizer` of transformers 5.25 / tokenizers 0.23.3), as printed by
/// `bench/make_tiny_bert_fixture.py`.
@Suite("BERT tokenizer")
struct TokenizerTests {
  let tokenizer: BertTokenizer

  init() throws {
    tokenizer = try BertTokenizer(vocabularyFile: TinyBert.vocabularyPath, maxLength: 512)
  }

  @Test("Accents are stripped (NFD, Mn removed) and text lower-cased")
  func accents() {
    #expect(tokenizer.encode("Café Müller naïve RÉSUMÉ Ångström") == [2, 216, 217, 218, 219, 132, 240, 252, 253, 251, 248, 246, 3])
    #expect(BasicTokenizer().tokenize("Café Müller naïve RÉSUMÉ Ångström") == ["cafe", "muller", "naive", "resume", "angstrom"])
  }

  @Test("Punctuation (ASCII ranges and Unicode P*) becomes words of one character")
  func punctuation() {
    #expect(
      tokenizer.encode("Hello, world!!! (re-mix) [live] ¿qué? «x» a_b…")
        == [2, 200, 16, 201, 5, 5, 5, 12, 65, 238, 17, 60, 242, 257, 13, 27, 197, 29, 40, 64, 254, 238, 25, 42, 71, 43, 48, 31, 49, 47, 3])
    #expect(BasicTokenizer().tokenize("a$b^c`d~e|f") == ["a", "$", "b", "^", "c", "`", "d", "~", "e", "|", "f"])
  }

  @Test("CJK ideographs are split into one-character words")
  func cjk() {
    #expect(tokenizer.encode("電影音楽 野口里佳abc") == [2, 88, 89, 90, 91, 84, 85, 86, 87, 48, 235, 236, 3])
    #expect(BasicTokenizer().tokenize("電影abc") == ["電", "影", "abc"])
  }

  @Test("WordPiece takes the longest match first and continues with ## pieces")
  func pieces() {
    #expect(tokenizer.encode("unaffable playing played") == [2, 222, 270, 271, 223, 272, 223, 273, 3])
    #expect(tokenizer.tokenize("unaffable") == ["un", "##aff", "##able"])
  }

  @Test("Unmatchable words and words over 100 characters become [UNK]")
  func unknown() {
    #expect(tokenizer.encode("λόγος ☃ snowman") == [2, 1, 1, 66, 247, 248, 256, 246, 234, 247, 3])
    let long = String(repeating: "a", count: 100) + " " + String(repeating: "b", count: 101)
    #expect(tokenizer.encode(long) == [2, 48] + [Int](repeating: 234, count: 99) + [1, 3])
  }

  @Test("Special tokens written in the text are kept whole")
  func specialTokens() {
    #expect(tokenizer.encode("a [SEP] b [UNK][MASK]") == [2, 48, 3, 49, 1, 4, 3])
  }

  @Test("Cleaning drops NUL, U+FFFD and format characters; whitespace of every kind separates words")
  func cleaning() {
    #expect(tokenizer.encode("a\u{0}b\u{FFFD}c\td\u{200B}e\r\nf\u{A0}g") == [2, 48, 235, 236, 51, 238, 53, 54, 3])
  }

  @Test("Truncation keeps [CLS], the first pieces and [SEP]")
  func truncation() throws {
    let short = try BertTokenizer(vocabularyFile: TinyBert.vocabularyPath, maxLength: 6)
    #expect(short.encode("Café Müller naïve RÉSUMÉ Ångström") == [2, 216, 217, 218, 219, 3])
    #expect(short.encode("") == [2, 3])
    #expect(throws: TextEncoderError.self) { try BertTokenizer(vocabularyFile: TinyBert.vocabularyPath, maxLength: 1) }
  }

  @Test("Batches are padded on the right with [PAD] and masked")
  func padding() {
    let batch = tokenizer.batch(["Toy Story", "a", "unaffable jazz"])
    #expect(batch.ids.shape == [3, 6])
    #expect(batch.ids.scalars == [2, 190, 191, 3, 0, 0, 2, 48, 3, 0, 0, 0, 2, 222, 270, 271, 196, 3])
    #expect(batch.attentionMask.scalars == [1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1])
    #expect(batch.tokenTypeIDs.scalars == [Int32](repeating: 0, count: 18))
    #expect(batch.lengths == [4, 3, 6])
    #expect(batch.ids(row: 1) == [2, 48, 3])
  }

  @Test("A cased tokenizer keeps case and accents")
  func cased() {
    let basic = BasicTokenizer(lowercases: false)
    #expect(basic.tokenize("Café Müller") == ["Café", "Müller"])
    #expect(BasicTokenizer(lowercases: false, stripsAccents: true).tokenize("Café") == ["Cafe"])
  }

  @Test("A vocabulary without BERT's special tokens is refused with the missing token named")
  func missingSpecialToken() {
    do {
      _ = try BertTokenizer(vocabulary: Vocabulary(tokens: ["[PAD]", "[UNK]", "[CLS]", "hello"]))
      Issue.record("a vocabulary without [SEP] was accepted")
    } catch {
      #expect(error.description.contains("[SEP]"))
    }
  }
}
