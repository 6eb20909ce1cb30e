"""Checks minilm.py against sentence-transformers (the model's own implementation), where that
is installed: python check_minilm.py [model dir]. Prints the largest difference of any
coordinate and the lowest cosine between the two embeddings of the same text."""

import sys

import numpy as np
from sentence_transformers import SentenceTransformer

from minilm import MiniLM, model_dir

TEXTS = [
    "how do I delete a directory and everything inside it",
    "Recursively delete a directory tree.",
    "Calls a defined callback function on each element of an array, and returns an array that contains the results.",
    "x",
    " ".join(["a long text past the model's 256 token limit, which both must cut the same way"] * 30),
]

if __name__ == "__main__":
    directory = sys.argv[1] if len(sys.argv) > 1 else model_dir()
    ours = MiniLM(directory).embed(TEXTS)
    theirs = SentenceTransformer(directory, device="cpu").encode(TEXTS, normalize_embeddings=True)
    print(f"largest coordinate difference {np.abs(ours - theirs).max():.2e}")
    print(f"lowest cosine {min(float(a @ b) for a, b in zip(ours, theirs)):.7f}")
