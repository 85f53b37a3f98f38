"""Test vectors for the Java BPE trainer, made with Hugging Face tokenizers (0.23.2 made the committed ones).

The Java tests check that rlhf4j's trainer learns what HF's BpeTrainer learns and that HF's
tokenizer, reading the file rlhf4j writes, gives the ids recorded here. To regenerate
(from the repository root, with a Python that has `tokenizers`):

    ./rlhf4j tokenizer train --data sim/src/test/resources/tokenizer/corpus.txt --vocab-size 400 --out /tmp/tok400
    python sim/src/test/resources/tokenizer/make_vectors.py /tmp/tok400

It writes, next to itself:
  hf-tokenizer.json  what HF's own trainer makes of corpus.txt with the same settings, as HF saves it
  expected.json      per sentence: HF's pre-tokenized pieces and the ids HF's tokenizer gives with
                     rlhf4j's tokenizer.json (from the folder given)
and exits with status 1 if rlhf4j's tokenizer.json differs from HF's (naming the first differing merge).
"""
import json
import pathlib
import sys

import tokenizers
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

HERE = pathlib.Path(__file__).resolve().parent
VOCAB_SIZE = 400
MIN_FREQUENCY = 2
SPECIAL_TOKENS = ["<|endoftext|>"]
SENTENCES = [
    "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.",
    "Mr. Bennet's daughters don't visit; they've gone to Netherfield!",
    "caf\u00e9 na\u00efve Z\u00fcrich \u2014 \u65e5\u672c\u8a9e \U0001F642\U0001F680",
    "line one\nline two\r\n\n\tindented  twice   \n",
    "first document<|endoftext|>second document<|endoftext|>",
    "100\u00a0km and 3.14159 in 1790",
    "   leading and trailing spaces   ",
    "<|endoftext|><|endoftext|>",
    "Words unseen in training: xylophone quizzaciously \u03a9mega",
]


def hf_trained():
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=VOCAB_SIZE, min_frequency=MIN_FREQUENCY, special_tokens=SPECIAL_TOKENS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train([str(HERE / "corpus.txt")], trainer)  # as from files: line by line
    return tok


def main():
    java_dir = pathlib.Path(sys.argv[1])
    hf_file = HERE / "hf-tokenizer.json"
    hf_trained().save(str(hf_file))
    java_json = (java_dir / "tokenizer.json").read_bytes()

    java = Tokenizer.from_file(str(java_dir / "tokenizer.json"))
    vectors = []
    for text in SENTENCES:
        ids = java.encode(text).ids
        assert java.decode(ids, skip_special_tokens=False) == text, text
        pieces = [p for p, _ in java.pre_tokenizer.pre_tokenize_str(text)]
        vectors.append({"text": text, "pieces": pieces, "ids": ids})
    expected = {"tokenizers_version": tokenizers.__version__, "vocab_size": VOCAB_SIZE, "min_frequency": MIN_FREQUENCY,
                "special_tokens": SPECIAL_TOKENS, "sentences": vectors}
    (HERE / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    if java_json != hf_file.read_bytes():
        hf_merges = json.loads(hf_file.read_bytes())["model"]["merges"]
        java_merges = json.loads(java_json)["model"]["merges"]
        first = next((i for i, (a, b) in enumerate(zip(hf_merges, java_merges)) if a != b), min(len(hf_merges), len(java_merges)))
        print(f"rlhf4j's tokenizer.json differs from HF's: merges {len(java_merges)} vs {len(hf_merges)}, first difference at rank {first}")
        sys.exit(1)
    print(f"rlhf4j's tokenizer.json is byte for byte HF's ({len(java_json)} bytes); wrote {len(vectors)} sentences")


if __name__ == "__main__":
    main()
