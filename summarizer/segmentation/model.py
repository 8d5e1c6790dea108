"""Line classifiers (small numpy MLPs, boosted trees) and the Viterbi pass that labels a page.

Two classifiers score every line: one for its label, one for its zone, "A" (up to the end of
the article, where captions and inline teasers sit between paragraphs) or "P" (after the
article: everything appended). Boosted trees (trees.py) then re-split the label network's
"caption or body" share between the two, which they tell apart better. The Viterbi pass walks
states (label, zone) with transition scores learned from the dev data; a page never goes back
from P to A, so one stray prose-like teaser lead after the article cannot be pulled back into
the main text. What sits
above the title (site chrome, a list of other stories) has its own zone "H", which can only be
left through the title: a page is chrome, then a title, then the rest, so a short title is never
taken for a breadcrumb and a headline list on top never for the article. The pass also counts
the page's photo captions (runs of caption lines): its transition scores are learned for none
yet, one, and two or more, since most pages show one photo, its caption under the lead, and a
second caption is rarer than the first.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from summarizer.types import LABELS, MAIN_LABELS

from .features import (LineFacts, describe, ends_with_illustration_credit, ends_with_photo_credit, has_letters,
                       holds_sentences, is_address_line, is_bare_credit, is_comment_heading, is_date_line, is_furniture,
                       introduces_list, is_inline_teaser, is_legal_notice, is_markup, is_off_topic, is_photo_credit,
                       on_topic_sentences, page_features, prose_topic, same_caption, starts_with_credit,
                       topical_paragraphs)
from .trees import Trees

PARAMS_PATH = Path(__file__).with_name("params.json")
_PROSE_END = re.compile(r"[.!?…:;]['\"”’)\]]*\s*$")
# A question ends prose but also many chrome lines ("Bài viết có hữu ích không?"). A bracket
# closes a line only after punctuation: "Hoàng Nam (tổng hợp)", "(Theo Dân trí)" are bylines.
_CLOSED = re.compile(r"[.!…:;]['\"”’)\]]*\s*$|['\"”’]\s*$")
# A photo caption says what the picture shows: 4 of 5,231 dev and VietNews captions end in "?".
_QUESTION = re.compile(r"\?['\"”’)\]]*\s*$")
# A list item that ends in ";" goes on in the next item: a sentence of the article cut in parts
# (5 VietNews paragraphs and 3 dev body lines end so; no caption, teaser or chrome line does).
_LIST_ITEM_GOES_ON = re.compile(r";['\"”’)\]]*\s*$")
# An interview's question or answer ("PV: Thưa ông, ...?", "P/V: Xin cảm ơn ông!", "Hỏi: ...", "Trả
# lời: ..."), on the deaccented line; a byline names the reporter without a sentence ("Phóng viên:
# Thanh Hà"), and without a question or an exclamation: shorter lines count when they end so.
_INTERVIEW = re.compile(r"^\W*(?:p[./]?v|phong vien|hoi|dap|tra loi)\s*:\s*\S")
_ASKS_OR_EXCLAIMS = re.compile(r"[?!]['\"”’)\]]*\s*$")
# What opens an item of a list: a bullet ("- ", "• "), a number ("2. ", "3) ") or a letter ("b) ").
_LIST_MARKER = re.compile(r"^(?:([-+•*–·▪◦])|(\d{1,2}[.)/])|([a-zđ]\)))\s")
IMPOSSIBLE = -1e4
_CAPTION, _BODY = LABELS.index("caption"), LABELS.index("body")
# No VietNews caption is longer (75 words at most); a paragraph with a credited caption run into
# its end is (the two such dev paragraphs have 83 and 129 words).
_LONGEST_CAPTION = 80
_SPLIT_FROM = float(np.log(1e-3))  # caption-or-body share under which the trees are not asked
CAPTION_RUNS = 3  # transition scores for none, one, two or more photo captions so far
ZONES = ("A", "P")  # what the zone classifier tells apart; chrome above the title counts as A
# After the article only non-main material can follow.
HEAD_LABELS = ("boilerplate", "teaser_heading", "teaser")  # what can come above the title
STATES: tuple[tuple[str, str], ...] = tuple((lab, "H") for lab in HEAD_LABELS) + tuple(
    (lab, "A") for lab in LABELS) + tuple((lab, "P") for lab in LABELS if lab not in MAIN_LABELS)


def list_marker(text: str) -> str | None:
    """The kind of list marker that opens a line: its bullet, "1" for a number, "a" for a letter,
    else None."""
    match = _LIST_MARKER.match(text)
    return None if match is None else match.group(1) or ("1" if match.group(2) else "a")


def article_lists(lines: list[LineFacts]) -> np.ndarray:
    """Which lines belong to a list in the article: items behind the same marker ("- ", "2. ")
    under a line of prose that announces them ("Cụ thể như sau:", introduces_list; that line
    too), an item that ends in ";" (it goes on in the next item; no caption, teaser or chrome line
    of the dev pages or of 2,000 VietNews articles ends so) and the item after it. Bulleted, such
    items read like a box of links; a box's heading is shorter and says what it is."""
    listed = np.zeros(len(lines), dtype=bool)
    announced = None  # the marker of the items under the line that announced them
    above_marker = None
    for i, facts in enumerate(lines):
        marker = list_marker(facts.text)
        if marker is None or i == 0:
            announced = None
        elif introduces_list(lines[i - 1]):
            listed[i - 1] = listed[i] = True
            announced = marker
        elif marker == announced or marker == above_marker and _LIST_ITEM_GOES_ON.search(lines[i - 1].text):
            listed[i] = True
        else:
            announced = None
        if marker is not None and _LIST_ITEM_GOES_ON.search(facts.text):
            listed[i] = True
        above_marker = marker
    return listed


class Rules(NamedTuple):
    """Per-line structural rules for the Viterbi pass (see Segmenter.constraints)."""

    forbidden: np.ndarray  # (lines, states): states a line cannot take
    not_last: np.ndarray  # (lines,): may be body only if article text follows
    headline: np.ndarray  # (lines,): headline-shaped; two in a row are not both body


def folded_first_layer(params: dict) -> tuple[np.ndarray, np.ndarray]:
    """The first layer's weights and bias with the input standardisation folded in (float64)."""
    mean = np.asarray(params["mean"], dtype=np.float64)
    scale = np.asarray(params["scale"], dtype=np.float64)
    w1 = np.asarray(params["w1"], dtype=np.float64)
    return w1 / scale[:, None], np.asarray(params["b1"], dtype=np.float64) - (mean / scale) @ w1


class MLP:
    """Standardise -> ReLU hidden layer -> softmax (log-probabilities out)."""

    def __init__(self, params: dict) -> None:
        # Standardisation folded into the first layer: one matrix product per page.
        w1, b1 = folded_first_layer(params)
        self.w1 = w1.astype(np.float32)
        self.b1 = b1.astype(np.float32)
        self.w2 = np.asarray(params["w2"], dtype=np.float32)
        self.b2 = np.asarray(params["b2"], dtype=np.float32)

    def log_proba(self, x: np.ndarray) -> np.ndarray:
        # einsum, not BLAS: multi-threaded BLAS burns more CPU than it saves on matrices this small.
        h = np.maximum(np.einsum("ij,jk->ik", x, self.w1) + self.b1, 0.0)
        z = np.einsum("ij,jk->ik", h, self.w2) + self.b2
        z -= z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


class Segmenter:
    def __init__(self, params: dict) -> None:
        self.caption_weights: dict[str, float] = params["caption_weights"]
        self.label_net = MLP(params["label_net"])
        self.zone_net = MLP(params["zone_net"])
        self.caption_trees = Trees(params["caption_trees"])
        self.start = np.asarray(params["start"], dtype=np.float64)
        self.trans = np.asarray(params["trans"], dtype=np.float64)  # (CAPTION_RUNS, states, states)
        self.label_prior = np.asarray(params["label_prior"], dtype=np.float64)
        self.prior_weight = float(params["prior_weight"])
        self.label_of = np.asarray([LABELS.index(lab) for lab, _ in STATES])
        self.zone_of = np.asarray([ZONES.index("A" if zone == "H" else zone) for _, zone in STATES])
        self._lead = np.asarray([lab == "lead" for lab, _ in STATES])
        self._prose = np.asarray([lab in ("lead", "body") for lab, _ in STATES])
        self._title = np.asarray([lab == "title" for lab, _ in STATES])
        self._main = np.asarray([lab in MAIN_LABELS for lab, _ in STATES])
        self._caption = np.asarray([lab == "caption" for lab, _ in STATES])
        self._boilerplate = np.asarray([lab == "boilerplate" for lab, _ in STATES])
        self._byline = np.asarray([lab == "byline" for lab, _ in STATES])
        self._body_a = np.flatnonzero([state == ("body", "A") for state in STATES])
        self._other_a = np.flatnonzero([lab not in MAIN_LABELS and zone == "A" for lab, zone in STATES])
        self._head = np.flatnonzero([zone == "H" for _, zone in STATES])
        self._zone_p = np.flatnonzero([zone == "P" for _, zone in STATES])
        # Decoding adds a "pending" copy of each non-article zone-A state, for lines between a
        # subheading-shaped body line and the article text that must follow it (a caption under
        # a subheading): from a pending state the page cannot leave the article or end.
        n_states = len(STATES)
        self._state_of = np.concatenate([np.arange(n_states), self._other_a])  # decoding state -> STATES
        self._width = width = len(self._state_of)
        plain, after_subheading = zip(*map(self._with_pending, self.trans))
        # Each decoding state exists once per caption count: column runs * width + state.
        offsets = np.arange(CAPTION_RUNS)[:, None] * width
        body = (offsets + self._body_a).ravel()
        # Transition matrices by (previous line marked not_last, both lines headline-shaped),
        # stored [to, from]: the Viterbi step maximises over contiguous rows.
        self._step_into = {}
        for not_last, trans in ((False, self._by_caption_runs(plain)), (True, self._by_caption_runs(after_subheading))):
            headlines = trans.copy()
            headlines[np.ix_(body, body)] = IMPOSSIBLE
            self._step_into[not_last, False] = np.ascontiguousarray(trans.T)
            self._step_into[not_last, True] = np.ascontiguousarray(headlines.T)
        self._no_end = (offsets + np.concatenate([self._other_a, np.arange(n_states, width), self._head])).ravel()
        self._first_column = np.arange(width) + width * self._caption[self._state_of]

    def _with_pending(self, trans: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Transition scores over the decoding states: plain, and after a line that rules.not_last marks."""
        n_states, pending = len(STATES), len(self._other_a)
        copies = n_states + np.arange(pending)
        main = np.flatnonzero(self._main)
        out = np.full((n_states + pending, n_states + pending), IMPOSSIBLE)
        out[:n_states, :n_states] = trans
        out[np.ix_(copies, main)] = trans[np.ix_(self._other_a, main)]
        out[np.ix_(copies, copies)] = trans[np.ix_(self._other_a, self._other_a)]
        after_subheading = out.copy()
        after_subheading[np.ix_(self._body_a, self._zone_p)] = IMPOSSIBLE
        after_subheading[np.ix_(self._body_a, self._other_a)] = IMPOSSIBLE
        after_subheading[np.ix_(self._body_a, copies)] = trans[np.ix_(self._body_a, self._other_a)]
        # Between a subheading and its paragraph wait captions, chrome and at most one inline
        # teaser line; a heading there, or several teaser lines, is a teaser block instead.
        pending_labels = [STATES[s][0] for s in self._other_a]
        waits = np.asarray([lab in ("caption", "boilerplate", "teaser") for lab in pending_labels])
        teaser = copies[[lab == "teaser" for lab in pending_labels]]
        for matrix in (out, after_subheading):
            matrix[:, copies[~waits]] = IMPOSSIBLE
            matrix[np.ix_(teaser, teaser)] = IMPOSSIBLE
        return out, after_subheading

    def _by_caption_runs(self, by_runs: tuple[np.ndarray, ...]) -> np.ndarray:
        """One matrix over (caption count, decoding state): a step that starts a caption moves
        to the next count (the last one keeps counting itself), every other step keeps it."""
        width = self._width
        caption = self._caption[self._state_of]
        opens = np.outer(~caption, caption)
        out = np.full((CAPTION_RUNS * width, CAPTION_RUNS * width), IMPOSSIBLE)
        for runs, trans in enumerate(by_runs):
            here = slice(runs * width, (runs + 1) * width)
            if runs == CAPTION_RUNS - 1:
                out[here, here] = trans
            else:
                out[here, here] = np.where(opens, IMPOSSIBLE, trans)
                out[here, here.stop:here.stop + width] = np.where(opens, trans, IMPOSSIBLE)
        return out

    def emissions(self, x: np.ndarray) -> np.ndarray:
        """Score of each state for each line: label and zone log-probabilities."""
        lab = self.label_net.log_proba(x).astype(np.float64)
        # The trees re-split the network's caption-or-body share: they tell a lone photo caption
        # from a short paragraph better (train.py). Only where that share is worth a split: most
        # lines of a page are surely neither, and the trees take as long as both networks.
        caption_or_body = np.logaddexp(lab[:, _CAPTION], lab[:, _BODY])
        open_lines = np.flatnonzero(caption_or_body > _SPLIT_FROM)
        if len(open_lines):
            caption_score = self.caption_trees.raw_score(x[open_lines])
            lab[open_lines, _CAPTION] = caption_or_body[open_lines] - np.logaddexp(0.0, -caption_score)
            lab[open_lines, _BODY] = caption_or_body[open_lines] - np.logaddexp(0.0, caption_score)
        lab -= self.prior_weight * self.label_prior
        zone = self.zone_net.log_proba(x).astype(np.float64)
        return lab[:, self.label_of] + zone[:, self.zone_of]

    def label(self, lines: list[str], gaps: list[bool] | None = None) -> list[str]:
        """The label of each line of a page (lines and gaps as from features.split_lines)."""
        facts = describe(lines)
        return self.decode(page_features(facts, self.caption_weights, gaps), self.constraints(facts))

    def constraints(self, lines: list[LineFacts]) -> Rules:
        """What the shape of article prose rules out, whatever the classifiers say.

        ``forbidden[i, s]``: line i cannot take state s. A lead is a paragraph of at least 15 words
        (every dev lead, all but 3 of 2,000 VietNews leads; a photo's caption under the title is
        often shorter), and a line of 15 words or more is no byline (a byline names a writer or a
        source: no dev or VietNews byline has ten words); a 9-25 word line without closing
        punctuation past the first line is a headline (a teaser or a caption), not prose; a date or
        time line ("2 giờ trước", "20/10/2022") or a bare photo credit ("Ảnh minh hoạ", "Ảnh VĂN
        SƠN") is never article text, nor is a copyright or masthead line ("©", "Giấy phép số
        248/GP-BTTTT", "Tổng biên tập: X": in none of 2,000 VietNews articles' prose; it is the
        site's footer, whatever words it shares with the article, and no other story's teaser
        either), nor a line of up to 15 words with a web or e-mail address or a social-media handle
        ("Nguồn: https://...", "— Reuters (@Reuters)"), nor a link to another story behind a heading
        or an arrow ("Tin liên quan: ...", "► ..."), nor a short line of page furniture past the
        first ("Xem thêm ảnh", "Video đang HOT"), nor a short unpunctuated line that shares no word
        with the title and the page's paragraphs (a subheading is about the article; "Phóng to ảnh"
        is not), nor a line of up to 40 words printed again one or two lines on, photo credit aside
        (a doubled caption, with or without its credit between the copies: an article does not
        repeat itself), except the second of two copies above any paragraph (a title printed twice:
        the page's name bar, then the headline). A question is never a photo caption (a caption says
        what the picture shows). A line of up to 50 words right above a photographer's credit ("Ảnh:
        X", "Photo: X") is that photo's caption, not a body paragraph, where more article text
        follows (99.5% of VietNews captions are that short; the one dev photo without a caption has
        a credit under a 132-word paragraph), or the line below it where the credit sits under a
        paragraph (photo_captions); nor is a line of up to 80 words that opens with a photo credit
        ("Ảnh: X. ...", "Ảnh X - ...", "Ảnh Ngọc Diệp: ...", "Nguồn hình: X - ...": no VietNews
        paragraph does; a title can), ends with one ("... - Ảnh: LÊ TRUNG", "... (Photo by X)"; a
        camera pictogram counts as the word: "... 📷 AFP") or ends saying its photo is an
        illustration ("... (Ảnh minh hoạ)"); nor is the lead (a site may print its first photo above
        it) such a line, nor the title one that ends so ("[Ảnh] ..." may open a title). A line
        without a letter (a rating bar, a separator) is never article text, nor is what a scraper
        left of the page's source (tags, script, a file name). In the dev set these hold for all but
        9 of about 11,700 lines. Past the first paragraph, a comment section's heading ("Bình luận
        (12)", "Ý kiến bạn đọc") ends the article (readers' comments are sentences that read like
        paragraphs), unless one of the next two paragraphs under it is the article's own
        (article_goes_on: a comment count in a share bar inside the article); such a line is never
        article text. Before it, a sentence that shares three pairs of content syllables with the
        title and the paragraphs is no site chrome (on_topic_sentences): a closing paragraph is not
        taken for a line of chrome worded as a sentence ("Cảm ơn bạn đã đọc bài viết!"), as the
        training copies show them. The items of a list in the article are body lines
        (article_lists): under a sentence that announces them ("... như sau:"), or ending in ";" ("-
        ...;", "b) ...;"), not a box of links (a hard-wrapped line may end in a teaser's ";": only
        list items count), and neither a headline for the rules above nor a subheading waiting for
        its paragraph. An interview's line that says a sentence behind its tag ("PV: Thưa ông,
        ...?", "Hỏi: ...", "P/V: Xin cảm ơn ông!") is article text.
        ``not_last[i]``: line i may be body only if more article text follows (captions, chrome
        or one inline teaser line may come first, then a paragraph; a teaser heading or several
        teaser lines make it a teaser block's heading). A short line without closing
        punctuation inside the article is a subheading; after the last paragraph it is page
        chrome ("Báo cáo vi phạm") or a byline ("Hoàng Nam (tổng hợp)", "(Theo Dân trí)": a bracket
        closes a line only after punctuation). 3 of 1,500 dev articles end on one.
        ``headline[i]``: line i is headline-shaped (at most 25 words, open ending); two in a row
        are not both body: a subheading introduces a paragraph, a run of headlines is a title
        list. Once in the dev set do two follow each other in an article.
        """
        mask = np.zeros((len(lines), len(STATES)), dtype=bool)
        not_last = np.zeros(len(lines), dtype=bool)
        headline = np.zeros(len(lines), dtype=bool)
        topic = prose_topic(lines)
        first_paragraph = next((i for i, facts in enumerate(lines) if facts.nwords >= 10), len(lines))
        first_prose = next((i for i, facts in enumerate(lines) if facts.long), len(lines))
        # A comment section follows the article: under a comment count that the article's own
        # paragraphs follow (a share bar under the lead), the article goes on.
        comment_heads = [i for i in range(1, len(lines)) if is_comment_heading(lines[i])]
        topical = topical_paragraphs(lines) if comment_heads else None
        comments = next((i for i in comment_heads if i > first_prose and not article_goes_on(lines, topical, i)),
                        len(lines))
        mask[comments:] |= self._main
        credited = photo_captions(lines)
        on_topic = on_topic_sentences(lines)
        listed = article_lists(lines)
        for i, facts in enumerate(lines):
            line = facts.text
            words = len(line.split())
            # Before the next check: an address or a script is one long word, a separator
            # ("━━━━━━") a long run.
            if is_address_line(facts) or not has_letters(line) or is_markup(line):
                mask[i] |= self._main
            if len(line) > 15 * max(words, 1):  # unspaced script (CJK...): no word counts
                continue
            if words < 15:
                mask[i] |= self._lead
            else:
                mask[i] |= self._byline
            if i and 9 <= words <= 25 and not _PROSE_END.search(line) and not listed[i]:
                mask[i] |= self._prose
            repeated = bool(facts.key) and words <= 40 and any(
                lines[j].key == facts.key or same_caption(lines[j], facts)
                for j in range(max(i - 2, 0), min(i + 3, len(lines))) if j != i)
            if repeated and 0 < i <= first_paragraph + 1 and lines[i - 1].key == facts.key:
                repeated = False
            legal = is_legal_notice(facts)
            if legal:  # a copyright or masthead line is the site's footer, nothing else
                mask[i] |= ~self._boilerplate
            elif (is_date_line(facts.low) or is_bare_credit(line) or repeated or is_inline_teaser(facts)
                    or i and (is_furniture(facts) or is_off_topic(facts, topic)) or i in comment_heads):
                mask[i] |= self._main
            if _QUESTION.search(line):
                mask[i] |= self._caption
            if on_topic[i] and i < comments and not legal:
                mask[i] |= self._boilerplate
            # A caption that carries its credit is no paragraph, nor the lead where the photo sits
            # above it; a title may open with a credit word ("[Ảnh] ...") but never ends with one.
            credit_behind = ends_with_photo_credit(line) or ends_with_illustration_credit(line)
            if words <= _LONGEST_CAPTION and (credit_behind or starts_with_credit(line)):
                mask[i] |= self._prose | (self._title & credit_behind)
            elif credited[i]:
                mask[i, self._body_a] = True
            if (facts.terminal and (words >= 7 or _ASKS_OR_EXCLAIMS.search(line)) and _INTERVIEW.match(facts.low)
                    and not mask[i, self._body_a].all()):
                mask[i] |= ~self._main  # an interview's line is article text
            if listed[i] and not mask[i, self._body_a].all():  # a list item is a body line
                mask[i] = True
                mask[i, self._body_a] = False
            closed = bool(_CLOSED.search(line))
            not_last[i] = i > 0 and words <= 10 and not closed and not listed[i]
            headline[i] = i > 0 and words <= 25 and not closed and not listed[i]
        return Rules(mask, not_last, headline)

    def decode(self, x: np.ndarray, rules: Rules) -> list[str]:
        n = len(x)
        if n == 0:
            return []
        emit = self.emissions(x)
        emit[rules.forbidden] = IMPOSSIBLE
        if rules.not_last[-1]:
            emit[-1, self._body_a] = IMPOSSIBLE
        emit = emit[:, self._state_of]
        first = emit[0].copy()
        first[: len(STATES)] += self.start
        first[len(STATES):] = IMPOSSIBLE
        score = np.full(CAPTION_RUNS * emit.shape[1], IMPOSSIBLE)
        score[self._first_column] = first
        emit = np.tile(emit, CAPTION_RUNS)
        columns = np.arange(len(score))
        back = np.zeros((n, len(columns)), dtype=np.int64)
        steps = zip(rules.not_last[:-1].tolist(), (rules.headline[:-1] & rules.headline[1:]).tolist())
        for i, step in enumerate(steps, start=1):
            cand = self._step_into[step] + score
            back[i] = cand.argmax(axis=1)
            score = cand[columns, back[i]] + emit[i]
        # Zone A ends on an article line, not while a subheading waits for its paragraph, and
        # zone H is left through the title, never at the end.
        score[self._no_end] = IMPOSSIBLE
        state = int(score.argmax())
        path = [state]
        for i in range(n - 1, 0, -1):
            state = int(back[i, state])
            path.append(state)
        return [STATES[self._state_of[s % self._width]][0] for s in reversed(path)]


def article_goes_on(lines: list[LineFacts], topical: np.ndarray, i: int) -> bool:
    """Whether one of the next two paragraphs within five lines under line ``i`` is one of the
    article's own (topical_paragraphs): readers' comments are rarely both long and on the title's
    and the lead's words."""
    below = [j for j in range(i + 1, min(i + 6, len(lines))) if lines[j].long][:2]
    return any(topical[j] for j in below)


def photo_captions(lines: list[LineFacts]) -> np.ndarray:
    """Which lines a photographer's credit on a line of its own ("Ảnh: X") marks as its photo's
    caption. Most sites print the credit under the caption: the line above it, of up to 50 words,
    is the caption while article text (a line of 25 words or more) follows within three lines, or
    whatever follows when the credit opens with a bracket or a dash ("(Ảnh: X)", "- Ảnh: X": the
    caption's line goes on); under the article's last paragraph a plain credit credits the
    article's photos, as a byline does. Some print it above the caption: where the line below is
    the shorter one, it is the caption if the line above reads as a paragraph (over 50 words, or 25
    or more and three times the words below or two sentences: 53% of such dev paragraphs, 20% of
    such captions), and neither line is marked otherwise (2% of dev paragraphs right under a
    caption are shorter than it, 4% of those right above one)."""
    marked = np.zeros(len(lines), dtype=bool)
    for i in range(1, len(lines) - 1):
        if not is_photo_credit(lines[i].text):
            continue
        above, below = lines[i - 1].nwords, lines[i + 1].nwords
        caption_above = i > 1 and above <= 50  # the title is no caption
        if caption_above and lines[i].text[:1] in "([-–—|":
            marked[i - 1] = True
        elif below < above and below <= 50:
            marked[i + 1] = above > 50 or above >= 25 and (3 * below <= above or holds_sentences(lines[i - 1].text))
        elif caption_above and any(after.nwords >= 25 for after in lines[i + 1:i + 4]):
            marked[i - 1] = True
    return marked


@lru_cache(maxsize=1)
def load(path: str = str(PARAMS_PATH)) -> Segmenter:
    with open(path, encoding="utf-8") as handle:
        return Segmenter(json.load(handle))
