"""Embeds the corpus (bench/embed/corpus.py) and the labelled questions (questions.json) with
all-MiniLM-L6-v2 (minilm.py) and writes them as JSON: passages {id, title, body, embedding} and
questions {question, expected, embedding}, each embedding base64 of 384 little-endian float32.
Run: python embed.py <out.json> <typescript lib dir> (bench/embed/setup.sh does, once)."""

import base64
import json
import os
import sys
import time

from corpus import corpus
from minilm import MiniLM

BATCH = 64


def encoded(vector) -> str:
    return base64.b64encode(vector.astype("<f4").tobytes()).decode()


def main(out_path: str, lib_dir: str) -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    passages = corpus(lib_dir)
    questions = json.load(open(os.path.join(here, "questions.json"), encoding="utf-8"))
    model = MiniLM()
    texts = [f"{p['title']}: {p['body']}" for p in passages]
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # batches of like lengths pad little
    start = time.time()
    for done in range(0, len(order), BATCH):
        batch = order[done : done + BATCH]
        for i, vector in zip(batch, model.embed([texts[i] for i in batch])):
            passages[i]["embedding"] = encoded(vector)
        if (done // BATCH) % 40 == 0:
            rate = (done + len(batch)) / max(time.time() - start, 1e-9)
            print(f"embedded {done + len(batch)} of {len(texts)} passages ({rate:.0f}/s)", file=sys.stderr)
    for q, vector in zip(questions, model.embed([q["question"] for q in questions])):
        q["embedding"] = encoded(vector)
    with open(out_path + ".part", "w", encoding="utf-8") as f:
        json.dump({"model": "all-MiniLM-L6-v2", "passages": passages, "questions": questions}, f)
    os.replace(out_path + ".part", out_path)  # a cut run leaves no half file behind


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
