/// Markdown documents on which the notebook parser and a CommonMark reader could disagree
/// about which fenced blocks are cells (see `ReaderAgreementTests`).
enum ReaderAgreementCases {
  /// Each case's file name (without extension) and text.
  static let all: [(name: String, text: String)] = [
    // Fence kinds and lengths.
    ("tilde-fence", "~~~ssr\nlet x = 1\n~~~\n"),
    ("longer-backtick-run", "````ssr\nlet s = \"```\"\n```\nstill code\n````\n"),
    ("longer-closing-fence", "```ssr\nx\n`````\nafter\n"),
    ("other-marker-does-not-close", "~~~ssr\nx\n```\ny\n~~~\n"),
    ("two-backticks-are-no-fence", "``ssr\nx\n``\n"),
    ("backtick-in-info-is-no-fence", "```ssr`\nx\n```\n"),
    ("tilde-info-may-hold-backticks", "~~~ssr `x`\ny\n~~~\n\n~~~ssr\nz\n~~~\n"),
    ("fence-inside-longer-fence", "````markdown\n```ssr\nx\n```\n````\n"),
    ("indented-closing-is-content", "```ssr\nx\n    ```\ny\n```\n"),
    ("closing-with-trailing-text-is-content", "```ssr\nx\n``` z\ny\n```\n"),
    ("empty-and-blank-cells", "```ssr\n```\n\n```ssr\n\n```\n\n```ssr\n  \n\n```\n"),
    // Info strings.
    ("info-strings", """
      ```ssr-output
      a
      ```

      ```ssrx
      b
      ```

      ```python
      c
      ```

      ```  ssr\t
      d
      ```

      ```ssr swift
      e
      ```

      ```{ssr}
      f
      ```

      ```SSR
      g
      ```

      """),
    ("output-blocks-are-not-cells", """
      ```ssr
      //| id: a
      1
      ```

      ```output {cell=a hash=ab}
      1
      ```

      ```output {cell=a hash=ab}
      stray
      ```

      """),
    // Indentation.
    ("indented-fences", " ```ssr\n x\n  y\n```\n\n  ```ssr\nx\n   y\n  ```\n\n   ```ssr\n    x\n y\n   ```\n"),
    ("four-spaces-is-indented-code", "    ```ssr\n    x\n    ```\n"),
    ("indented-fence-line-continues-a-paragraph", "Text\n    ```ssr\nx\n```\n"),
    ("tabs", "```ssr\n\tx\n```\n\n ```ssr\n\ty\n  \tz\n ```\n\n\t```ssr\nw\n```\n"),
    // Unclosed fences.
    ("unclosed-at-end", "Text\n\n```ssr\nx\ny\n"),
    ("unclosed-without-final-newline", "```ssr\nx"),
    ("unclosed-other-fence-swallows-cells", "```python\nx\n\n```ssr\ny\n"),
    // Containers.
    ("fence-in-block-quote", "> ```ssr\n> x\n> ```\n\n```ssr\ny\n```\n"),
    ("fence-in-block-quote-then-lazy-line", "> ```ssr\nx\n```\n"),
    ("fence-in-nested-quote", "> > ```ssr\n> > x\n> > ```\n"),
    ("fence-in-list-item", "- item\n\n  ```ssr\n  x\n  ```\n\n1. ```ssr\n   y\n   ```\n"),
    ("fence-after-list-item", "- item\n```ssr\nx\n```\n\n- item\n\n```ssr\ny\n```\n"),
    ("fence-less-indented-than-list-content", "- item\n  ```ssr\n  x\n ```\n"),
    ("fence-after-lazy-list-paragraph", "- a\nb\n```ssr\nx\n```\n"),
    ("fence-in-quoted-list", "> - ```ssr\n>   x\n>   ```\n"),
    ("ordered-list-not-at-one-does-not-interrupt", "Text\n2. ```ssr\nx\n```\n\nText\n1. ```ssr\n   x\n   ```\n"),
    ("list-item-with-blank-start", "-\n  ```ssr\n  x\n  ```\n\n-\n\n  ```ssr\n  y\n  ```\n"),
    ("wide-list-marker-padding", "-     ```ssr\n      x\n      ```\n"),
    // HTML blocks.
    ("fence-in-html-block", "<div>\n```ssr\nx\n```\n</div>\n\n<div>\n\n```ssr\ny\n```\n"),
    ("fence-in-html-comment", "<!--\n```ssr\nx\n```\n-->\n```ssr\ny\n```\n"),
    ("fence-in-raw-html", "<pre>\n```ssr\nx\n```\n</pre>\n"),
    ("fence-after-type-7-html", "<span>\n```ssr\nx\n```\n\n<custom-tag a=\"1\" b>\n```ssr\ny\n```\n"),
    ("type-7-html-does-not-interrupt-paragraph", "Text\n<span>\n```ssr\nx\n```\n"),
    ("metadata-comment", "<!-- ssrnb:{\"format\":1} -->\n```ssr\nx\n```\n<!-- ssrnb:{} -->\n```ssr\ny\n```\n"),
    // Paragraphs and other leaves.
    ("fence-right-after-paragraph", "Some prose\n```ssr\nx\n```\n"),
    ("code-spans-at-line-starts", "A paragraph whose next line\n`ssr` starts with a code span\n```ssr\nx\n```\n"),
    ("setext-heading-before-fence", "Title\n---\n```ssr\nx\n```\nTitle\n===\n```ssr\ny\n```\n"),
    ("thematic-break-and-heading", "***\n# H\n```ssr\nx\n```\n"),
    ("link-reference-definition", "[a]: /url\n```ssr\nx\n```\n"),
    // Line endings and encoding.
    ("crlf", "Text\r\n\r\n```ssr\r\nx\r\ny\r\n```\r\n\r\n```output {cell=1 hash=ab}\r\n1\r\n```\r\n"),
    ("lone-cr", "```ssr\rx\r```\r"),
    ("byte-order-mark", "\u{FEFF}```ssr\nx\n```\n"),
    ("unicode", "# 日本語\n\n```ssr\nlet s = \"é 🎉\"\n```\n"),
  ]
}
