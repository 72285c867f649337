"""Writes the tiny BERT fixture of SSRMultimodalTests with Hugging Face `transformers`.

Run from the package root, in a throwaway environment with torch and transformers (see
bench/text_encoder_check.py for one):

    HF_HUB_OFFLINE=1 /tmp/venv-st/bin/python bench/make_tiny_bert_fixture.py

It builds a randomly initialised `BertModel` (hidden 32, 2 layers, 2 heads, intermediate 37,
64 positions, a vocabulary of a few hundred words; seed 7; weights drawn wider than BERT's 0.02
so that attention and the feed-forward block change the outputs visibly) and saves, under
Tests/SSRMultimodalTests/Fixtures/tiny-bert/:

- config.json, vocab.txt and model.safetensors, as `save_pretrained` writes them (the I64
  `embeddings.position_ids` buffer included when this version of transformers saves it);
- expected.json: for a few sentences, the ids of the Hugging Face tokenizer for this vocabulary,
  the attention mask of the padded batch, `last_hidden_state`, `pooler_output`, and
  sentence-transformers' mean pooling (masked mean, then L2 normalisation) computed here with torch.

It also prints the ids of the tokenizer cases used as literals in TokenizerTests.swift.
"""
import json
import os
import sys

import torch
from transformers import AutoTokenizer, BertConfig, BertModel

OUT = "Tests/SSRMultimodalTests/Fixtures/tiny-bert"

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
PUNCT = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + ["—", "“", "”", "¿", "¡", "«", "»", "、", "。", "·", "…"]
CHARS = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)]
CJK = ["野", "口", "里", "佳", "電", "影", "音", "楽"]
WORDS = """the of and a to in is you that it he was for on are as with his they i at be this have from or one
had by word but not what all were we when your can said there use an each which she do how their if will up other
about out many then them these so some her would make like him into time has look two more write go see number no
way could people my than first water been call who oil its now find long down day did get come made may part
toy story star wars love music jazz live blue note hello world movie film song album band rock pop soul dance
night life man woman heat cafe muller naive resume noguchi rika un play house new best greatest hits collection
vol edition remastered deluxe""".split()
PIECES = ["##" + c for c in CHARS] + ["##aff", "##able", "##ing", "##ed", "##s", "##er", "##ly", "##95", "##ion"]
YEARS = ["1995", "19", "1999", "2001", "20"]

SENTENCES = [
    "Toy Story (1995)",
    "Café Müller: a naïve résumé — “quoted”!",
    "野口里佳 Noguchi Rika 電影",
    "unaffable jazz LIVE at the Blue Note, vol. 2",
    "zzzyzzx",
]

# Tokenizer cases of TokenizerTests.swift: (name, text) with the default length, and truncation.
TOKENIZER_CASES = [
    ("accents", "Café Müller naïve RÉSUMÉ Ångström"),
    ("punctuation", "Hello, world!!! (re-mix) [live] ¿qué? «x» a_b…"),
    ("cjk", "電影音楽 野口里佳abc"),
    ("pieces", "unaffable playing played"),
    ("unknown", "λόγος ☃ snowman"),
    ("special", "a [SEP] b [UNK][MASK]"),
    ("control", "a\x00b\ufffdc\td\u200be\r\nf\u00a0g"),
    ("long", "a" * 100 + " " + "b" * 101),
]


def main():
    torch.manual_seed(7)
    vocab = []
    for token in SPECIAL + PUNCT + CHARS + CJK + WORDS + PIECES + YEARS:
        if token not in vocab:
            vocab.append(token)
    config = BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=37,
        max_position_embeddings=64, type_vocab_size=2, hidden_act="gelu", layer_norm_eps=1e-12,
    )
    model = BertModel(config).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("LayerNorm.weight"):
                p.copy_(1 + 0.2 * torch.randn_like(p))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn_like(p))
            else:
                p.copy_(0.3 * torch.randn_like(p))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    model.save_pretrained(OUT, safe_serialization=True)

    tokenizer = AutoTokenizer.from_pretrained(OUT)
    print(f"tokenizer: {type(tokenizer).__name__} (fast: {tokenizer.is_fast}), vocabulary {len(vocab)}", file=sys.stderr)
    batch = tokenizer(SENTENCES, padding=True, return_tensors="pt")
    with torch.no_grad():
        out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                    token_type_ids=batch["token_type_ids"])
        mask = batch["attention_mask"].unsqueeze(-1).float()
        mean = (out.last_hidden_state * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        normalized = torch.nn.functional.normalize(mean, p=2, dim=1)
    expected = {
        "produced_by": "bench/make_tiny_bert_fixture.py (torch %s, transformers %s)" % (
            torch.__version__, __import__("transformers").__version__),
        "sentences": SENTENCES,
        "input_ids": batch["input_ids"].tolist(),
        "attention_mask": batch["attention_mask"].tolist(),
        "last_hidden_state": out.last_hidden_state.tolist(),
        "pooler_output": out.pooler_output.tolist(),
        "mean_pooled": mean.tolist(),
        "mean_pooled_normalized": normalized.tolist(),
    }
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False)
        f.write("\n")

    for name, text in TOKENIZER_CASES:
        print(f"{name}: {json.dumps(text, ensure_ascii=False)} -> {tokenizer(text)['input_ids']}")
    print("truncated to 6:", tokenizer(TOKENIZER_CASES[0][1], truncation=True, max_length=6)["input_ids"])
    padded = tokenizer(["Toy Story", "a", "unaffable jazz"], padding=True)
    print("padded batch:", padded["input_ids"], padded["attention_mask"])
    sizes = {name: os.path.getsize(os.path.join(OUT, name)) for name in sorted(os.listdir(OUT))}
    print("files:", sizes, file=sys.stderr)


if __name__ == "__main__":
    main()
