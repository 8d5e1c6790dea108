"""Retrain the segmenter from the dev pages: ``python -m summarizer.segmentation.train``.

Only the tune split is used (the held-out split stays untouched for evaluation), plus copies of
those pages rewritten with unseen furniture (perturb.py, "train" vocabulary; some with their
captions printed once without credit, some printed with one sentence per paragraph or with
full-stopped teaser headlines) so the model learns shapes rather than the dev strings, and
VietNews articles (vietnews-dev, without the held-out pages' articles) set into the shape of
tune pages (synth.py). Numpy, and LightGBM for the caption trees (the `train` extra).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import NamedTuple

import numpy as np

from summarizer.types import LABELS, MAIN_LABELS

from .data import load_pages
from .features import describe, page_features, split_lines
from .lexical import caption_words, train_weights
from .evaluate import score, show
from .model import CAPTION_RUNS, HEAD_LABELS, IMPOSSIBLE, PARAMS_PATH, STATES, ZONES, Segmenter, folded_first_layer
from .perturb import lone_captions, one_sentence_paragraphs, perturb_page, stopped_headlines
from .synth import transplant
from .trees import from_lightgbm

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "segment-dev.jsonl.gz"
RUN_BACKOFF = 20.0  # pseudo-transitions from the pooled counts, per state and caption number
# Shares of the rewritten tune pages printed with one sentence per paragraph, and with teaser
# headlines ending in a full stop (perturb.py): the two look alike line by line.
ONE_SENTENCE_SHARE = 0.2
STOPPED_HEADLINES_SHARE = 0.1
# Share of the tune pages rewritten with their captions printed once each, without a credit.
LONE_CAPTIONS_SHARE = 0.3
TREE_DEPTH = 5  # caption trees: complete trees of this depth (trees.py)
TREE_ROUNDS = 300
# Decimals kept of the merged networks' weights: 3 labels every cross-validation page as 5 did,
# and keeps params.json, caption trees included, under 1 MB.
MERGED_DECIMALS = 3


class CaptionRows(NamedTuple):
    """Feature rows of caption and body lines, whether each is a caption and whether it comes
    from a rewritten copy (the tune and transplanted pages are the same in every run)."""

    x: np.ndarray
    is_caption: np.ndarray
    from_copy: np.ndarray

    def copies(self) -> CaptionRows:
        return CaptionRows(self.x[self.from_copy], self.is_caption[self.from_copy], self.from_copy[self.from_copy])


def page_targets(labels: list[str]) -> tuple[list[int], list[int], list[int]]:
    """Label ids, zone ids (A up to the last main line, P after) and state ids of a page
    (chrome and teasers above the title are in state zone H, zone A for the zone classifier)."""
    last_main = max((i for i, lab in enumerate(labels) if lab in MAIN_LABELS), default=-1)
    zones = ["A" if i <= last_main else "P" for i in range(len(labels))]
    title = labels.index("title") if "title" in labels else 0
    states = [STATES.index((lab, "H") if i < title and lab in HEAD_LABELS else (lab, zone))
              for i, (lab, zone) in enumerate(zip(labels, zones))]
    return [LABELS.index(lab) for lab in labels], [ZONES.index(z) for z in zones], states


def train_mlp(x: np.ndarray, y: np.ndarray, classes: int, hidden: int, epochs: int, seed: int,
              l2: float = 1e-4) -> dict:
    """Softmax MLP with one ReLU layer, Adam, mini-batches, L2; returns JSON-able params."""
    rng = np.random.default_rng(seed)
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-3
    xs = ((x - mean) / scale).astype(np.float32)
    params = {
        "w1": rng.normal(0, np.sqrt(2 / xs.shape[1]), (xs.shape[1], hidden)).astype(np.float32),
        "b1": np.zeros(hidden, np.float32),
        "w2": rng.normal(0, np.sqrt(1 / hidden), (hidden, classes)).astype(np.float32),
        "b2": np.zeros(classes, np.float32),
    }
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    lr, beta1, beta2, batch, step = 2e-3, 0.9, 0.999, 256, 0
    onehot = np.eye(classes, dtype=np.float32)[y]
    for epoch in range(epochs):
        order = rng.permutation(len(xs))
        for start in range(0, len(xs), batch):
            idx = order[start:start + batch]
            xb, tb = xs[idx], onehot[idx]
            h_pre = xb @ params["w1"] + params["b1"]
            h = np.maximum(h_pre, 0)
            z = h @ params["w2"] + params["b2"]
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            dz = (p - tb) / len(idx)
            dh = (dz @ params["w2"].T) * (h_pre > 0)
            grads = {"w2": h.T @ dz + l2 * params["w2"], "b2": dz.sum(0),
                     "w1": xb.T @ dh + l2 * params["w1"], "b1": dh.sum(0)}
            step += 1
            for k, g in grads.items():
                m[k] = beta1 * m[k] + (1 - beta1) * g
                v[k] = beta2 * v[k] + (1 - beta2) * g * g
                mhat = m[k] / (1 - beta1 ** step)
                vhat = v[k] / (1 - beta2 ** step)
                params[k] -= lr * mhat / (np.sqrt(vhat) + 1e-8)
        if epoch == epochs // 2:
            lr /= 4
    out = {"mean": mean, "scale": scale, **params}
    return {k: np.round(np.asarray(val, dtype=np.float64), 5).tolist() for k, val in out.items()}


def transitions(state_seqs: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Log start scores and, for each number of photo captions seen so far (model.CAPTION_RUNS),
    log transition scores; smoothed, but zone P never returns to zone A and chrome above the
    title (zone H) is left only through the title. The counts of each caption number lean on
    the pooled counts (RUN_BACKOFF pseudo-transitions) where a state is rarely left with it."""
    s = len(STATES)
    caption = np.asarray([lab == "caption" for lab, _ in STATES])
    start = np.full(s, 0.1)
    counts = np.zeros((CAPTION_RUNS, s, s))
    for seq in state_seqs:
        start[seq[0]] += 1
        runs = int(caption[seq[0]])
        for a, b in zip(seq, seq[1:]):
            counts[runs, a, b] += 1
            if caption[b] and not caption[a]:
                runs = min(runs + 1, CAPTION_RUNS - 1)
    entry = [zone == "H" or (lab, zone) == ("title", "A") for lab, zone in STATES]
    allowed = np.ones((s, s))
    for a, (_, za) in enumerate(STATES):
        for b, (_, zb) in enumerate(STATES):
            if (za == "P" and zb != "P") or (zb == "H" and za != "H") or (za == "H" and not entry[b]):
                allowed[a, b] = 0.0
    counts *= allowed
    pooled = (counts.sum(axis=0) + 0.1) * allowed
    pooled /= pooled.sum(axis=1, keepdims=True)
    by_runs = (counts + RUN_BACKOFF * pooled) / (counts.sum(axis=2, keepdims=True) + RUN_BACKOFF)
    with np.errstate(divide="ignore"):
        return np.log(start / start.sum()), np.maximum(np.log(by_runs), IMPOSSIBLE)


def load_articles(path: Path) -> list[dict]:
    """VietNews articles (title, lead, body, captions); none when the file is missing."""
    if not path.exists():
        print(f"warning: {path} missing: no caption-vs-prose weights, no transplanted pages", file=sys.stderr)
        return []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(raw) for raw in handle]


def without_articles_of(articles: list[dict], pages: list[dict]) -> list[dict]:
    """``articles`` less those whose title is the first line of one of ``pages`` (a handful
    of articles appear in both files): pages scored later must not be in any weight."""
    titles = {page["lines"][0]["text"].strip() for page in pages}
    return [art for art in articles if art["title"].strip() not in titles]


def caption_weights_of(articles: list[dict], keep: int) -> dict[str, float]:
    """Caption-vs-prose weights (lexical.py) from the captions of ``articles`` and the sentences
    of their leads and paragraphs: the score tells a one-sentence caption from a one-sentence
    body line, and counted per paragraph, prose words are several times more frequent than
    per sentence, so every caption leaned towards prose."""
    captions = [caption_words(c) for art in articles for c in art["captions"]]
    prose = [caption_words(art["lead"]) for art in articles] + [
        caption_words(sentence) for art in articles for paragraph in art["body_sentences"] for sentence in paragraph]
    return train_weights(captions, prose, keep)


def transplanted(templates: list[dict], articles: list[dict], per_page: int, keep: int,
                 rng: random.Random) -> list[tuple[dict, dict[str, float]]]:
    """Pages of ``articles`` in the shape of ``templates`` (synth.py), each with caption weights
    learned from the other half of the articles: weights that had seen a page's own captions
    would make the lexical score look far more reliable than it is on new pages."""
    halves = (articles[0::2], articles[1::2])
    out = []
    for own, other in (halves, halves[::-1]):
        weights = caption_weights_of(other, keep)
        pool = list(own)
        rng.shuffle(pool)
        for template in templates:
            for _ in range(per_page):
                # A template fits only articles with at least as many paragraph runs: try a few.
                page = next(filter(None, (transplant(template, rng.choice(pool), rng) for _ in range(5))), None)
                if page is not None:
                    # Half of them also get unseen furniture, as the perturbed copies of the tune pages do.
                    out.append((perturb_page(page, rng, "train") if rng.random() < 0.5 else page, weights))
    return out


def _relaid(page: dict, draw: float) -> dict:
    """``page`` printed with one sentence per paragraph, with teaser headlines ending in a full
    stop, or as it is, by a draw in [0, 1)."""
    if draw < ONE_SENTENCE_SHARE:
        return one_sentence_paragraphs(page)
    if draw < ONE_SENTENCE_SHARE + STOPPED_HEADLINES_SHARE:
        return stopped_headlines(page)
    return page


def fit(pages: list[dict], augment: int, epochs: int, hidden: int, prior_weight: float,
        caption_weights: dict[str, float], l2: float = 1e-4, seed: int = 13,
        extra: list[tuple[dict, dict[str, float]]] = ()) -> tuple[dict, CaptionRows]:
    """Parameters for model.Segmenter, all but its caption trees, trained on ``pages`` plus
    perturbed copies of them and the ``extra`` pages, each with the caption weights its
    features are computed with; and the caption and body lines, for the trees."""
    rng = random.Random(seed)
    rewritten = [perturb_page(lone_captions(p) if rng.random() < LONE_CAPTIONS_SHARE else p, rng, "train")
                 for p in pages for _ in range(augment)]
    copies = [_relaid(p, rng.random()) for p in rewritten]
    xs, ys, zs, seqs, from_copy = [], [], [], [], []
    sources = [(p, caption_weights, False) for p in pages] + [(p, caption_weights, True) for p in copies]
    for page, weights, copy in sources + [(p, w, False) for p, w in extra]:
        texts, gaps = split_lines(page["text"])
        if len(texts) != len(page["lines"]):  # labels would slide onto the wrong lines
            raise ValueError(f"{page['id']}: {len(texts)} lines in the text, {len(page['lines'])} labelled")
        labels, zones, states = page_targets([line["label"] for line in page["lines"]])
        xs.append(page_features(describe(texts), weights, gaps))
        ys += labels
        zs += zones
        seqs.append(states)
        from_copy += [copy] * len(labels)
    x = np.concatenate(xs)
    y, z = np.asarray(ys), np.asarray(zs)
    print(f"training on {len(sources) + len(extra)} pages, {len(x)} lines, {x.shape[1]} features", file=sys.stderr)
    label_prior = np.log((np.bincount(y, minlength=len(LABELS)) + 1) / (len(y) + len(LABELS)))
    # Transitions from the tune pages and their rewritten copies only: a transplanted page has
    # as many captions as its donor article brought, not as many as pages show.
    log_start, log_trans = transitions(seqs[: len(sources)])
    params = {
        "label_net": train_mlp(x, y, len(LABELS), hidden, epochs, seed=seed + 1, l2=l2),
        "zone_net": train_mlp(x, z, len(ZONES), hidden, epochs, seed=seed + 2, l2=l2),
        "start": np.round(log_start, 4).tolist(),
        "trans": np.round(log_trans, 4).tolist(),
        "label_prior": np.round(label_prior, 4).tolist(),
        "prior_weight": prior_weight,
        "caption_weights": caption_weights,
        "states": [list(s) for s in STATES],
        "labels": list(LABELS),
    }
    is_caption = y == LABELS.index("caption")
    caption_or_body = is_caption | (y == LABELS.index("body"))
    rows = CaptionRows(x[caption_or_body], is_caption[caption_or_body], np.asarray(from_copy)[caption_or_body])
    return params, rows


def train_caption_trees(x: np.ndarray, is_caption: np.ndarray, seed: int) -> dict:
    """Boosted trees (trees.py) scoring "a photo caption, not a body paragraph" for lines that
    are one of the two. Where a lone caption (no credit, not printed twice) meets a short
    paragraph, they tell the two apart better than the label network: in cross-validation
    92.2% exact pages against 91.2%, and 91.0% against 89.4% perturbed (docs/segmentation.md)."""
    try:
        import lightgbm
    except ImportError:
        raise SystemExit("training needs LightGBM: pip install -e '.[train]'") from None
    settings = {"objective": "binary", "learning_rate": 0.1, "num_leaves": 2 ** TREE_DEPTH, "max_depth": TREE_DEPTH,
                "min_data_in_leaf": 20, "feature_fraction": 0.5, "bagging_fraction": 0.8, "bagging_freq": 1,
                "lambda_l2": 1.0, "seed": seed, "deterministic": True, "force_col_wise": True, "num_threads": 1,
                "verbose": -1}
    booster = lightgbm.train(settings, lightgbm.Dataset(x, is_caption.astype(np.int8)), TREE_ROUNDS)
    return from_lightgbm(booster.dump_model(), TREE_DEPTH, [np.unique(column) for column in x.T])


def merge_nets(nets: list[dict]) -> dict:
    """One MLP whose logits are the mean of the logits of ``nets`` (hidden layers side by side,
    standardisation folded into the first layer): an ensemble at the cost of a wider layer."""
    w1s, b1s = zip(*map(folded_first_layer, nets))
    merged = {"mean": np.zeros(len(nets[0]["mean"])), "scale": np.ones(len(nets[0]["scale"])),
              "w1": np.hstack(w1s), "b1": np.concatenate(b1s),
              "w2": np.vstack([np.asarray(net["w2"]) for net in nets]) / len(nets),
              "b2": np.mean([net["b2"] for net in nets], axis=0)}
    return {k: np.round(val, MERGED_DECIMALS).tolist() for k, val in merged.items()}


def fit_ensemble(members: int, seed: int, **hyper) -> dict:
    """``fit`` with ``members`` seeds, the classifiers merged (one run's choices vary by a point
    or more of exact pages with the seed; the average of a few varies less), and caption trees
    trained on the lines of the first run and the rewritten copies of the others."""
    runs = [fit(seed=seed + 101 * k, **hyper) for k in range(members)]
    params = runs[0][0]
    if members > 1:
        params |= {name: merge_nets([run[name] for run, _ in runs]) for name in ("label_net", "zone_net")}
    rows = [runs[0][1]] + [run_rows.copies() for _, run_rows in runs[1:]]
    params["caption_trees"] = train_caption_trees(np.concatenate([r.x for r in rows]),
                                                  np.concatenate([r.is_caption for r in rows]), seed)
    return params


def validate(pages: list[dict], params: dict, errors: int = 0) -> None:
    """Print scores of ``params`` on ``pages`` as they are and perturbed ("eval" vocabulary)."""
    model = Segmenter(params)
    rng = random.Random(7)
    for name, subset in (("validation", pages), ("validation, perturbed", [perturb_page(p, rng) for p in pages])):
        preds = [model.label(*split_lines(p["text"])) for p in subset]
        r = score(subset, preds)
        print(f"{name}: {r['pages']} pages  P {r['precision']:.4f} R {r['recall']:.4f} "
              f"F1 {r['f1']:.4f} exact {r['exact']:.2%} clean lost {r['clean_lost']:.2%}", file=sys.stderr)
        for page, pred in r["wrong"][:errors]:
            show(page, pred, sys.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    parser.add_argument("--out", default=str(PARAMS_PATH))
    parser.add_argument("--augment", type=int, default=2, help="perturbed copies per tune page")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--prior-weight", type=float, default=0.5)
    parser.add_argument("--caption-terms", type=int, default=10000, help="caption-vs-prose terms kept")
    parser.add_argument("--transplant", type=int, default=2,
                        help="pages per tune page with a VietNews article set into its shape (synth.py)")
    parser.add_argument("--ensemble", type=int, default=4, help="classifiers trained with different seeds, averaged")
    parser.add_argument("--seed", type=int, default=13,
                        help="seed of the augmentation and the weight initialisation (to see run-to-run spread)")
    parser.add_argument("--validate", action="store_true",
                        help="train on 2/3 of the tune split, score the other 1/3, write nothing")
    parser.add_argument("--fold", type=int, choices=[0, 1, 2], default=0,
                        help="with --validate: which third of the tune split is scored")
    parser.add_argument("--errors", type=int, default=0, help="with --validate: show N wrong pages")
    args = parser.parse_args(argv)

    pages = load_pages(args.data, split="tune")
    articles = without_articles_of(load_articles(Path(args.data).with_name("vietnews-dev.jsonl.gz")),
                                   load_pages(args.data, split="heldout"))
    caption_weights = caption_weights_of(articles, args.caption_terms)
    hyper = dict(augment=args.augment, epochs=args.epochs, hidden=args.hidden, prior_weight=args.prior_weight,
                 caption_weights=caption_weights, seed=args.seed)
    rng = random.Random(args.seed)
    if args.validate:
        held = [p for p in pages if int(hashlib.md5(p["id"].encode()).hexdigest()[-4:], 16) % 3 == args.fold]
        held_ids = {p["id"] for p in held}
        train_pages = [p for p in pages if p["id"] not in held_ids]
        extra = transplanted(train_pages, without_articles_of(articles, held), args.transplant,
                             args.caption_terms, rng)
        params = fit_ensemble(args.ensemble, pages=train_pages, extra=extra, **hyper)
        validate(held, params, args.errors)
        return 0
    extra = transplanted(pages, articles, args.transplant, args.caption_terms, rng)
    params = fit_ensemble(args.ensemble, pages=pages, extra=extra, **hyper)
    Path(args.out).write_text(json.dumps(params, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {args.out} ({Path(args.out).stat().st_size // 1024} KiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
