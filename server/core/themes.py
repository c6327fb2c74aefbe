"""Themes: the person's own words that recur in a week's wins.

The algorithm, per week:

1. Tokenise each win's text into words (letters, with inner apostrophes), lower-cased, split
   into clauses at punctuation so a phrase never spans two thoughts.
2. Drop stop-words from a maintained list (stopwordsiso, English) *except* a keep-list:
   general lists hold "no", "not", "said", "asked", "help", "run", "call", "work", "home",
   and "said no" or "asked for help" is exactly the kind of small win worth seeing. Words on
   the phrase-only part of the keep-list ("no", "said", ...) never stand alone as a theme.
3. Stem with Snowball English (PyStemmer, C), so "walked", "walks" and "walking" are one term.
4. Terms are single stems and two-word phrases (adjacent kept words within a clause). Each is
   counted once per win: a theme is about how many moments, not how many times a word is typed.
5. A term is a theme when it appears in at least two wins on at least two different days.
6. Score against the person's own previous eight weeks of stored per-week counts (the job
   keeps them, so it never re-reads old wins): `wins / (1 + usual)` where usual is the average
   per week. Kind: "new" (absent all eight weeks), "steady" (present in two or more of them),
   else "returning".
7. Drop a single word when one of its phrases is a theme that explains more than half of its
   wins ("no" inside "said no"; "walk" inside "morning walk" when most walks were morning ones).
8. Label each theme with its most common original (lower-cased) spelling.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

import Stemmer
import stopwordsiso

HISTORY_WEEKS = 8
MAX_THEMES = 8
MIN_WINS = 2
MIN_DAYS = 2
STEADY_WEEKS = 2

# Only meaningful next to another word: "said no", "not today", "asked for".
PHRASE_ONLY = frozenset({"no", "not", "never", "said", "say", "says", "asked", "ask"})
# Ordinary life words the general list drops but a person's wins are made of.
KEEP_WORDS = frozenset(
    {"help", "helped", "run", "ran", "call", "called", "work", "worked", "home", "first"}
)
KEEP = PHRASE_ONLY | KEEP_WORDS

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CLAUSE = re.compile(r"[.,;:!?()\[\]\n\"“”—–]+")


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(stopwordsiso.stopwords("en")) - KEEP


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Theme:
    key: str  # stems, space-separated: "said no"
    label: str  # the most common spelling: "said no"
    kind: str  # new | returning | steady
    wins: int
    days: int
    score: float
    win_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "label": self.label,
            "kind": self.kind,
            "wins": self.wins,
            "days": self.days,
            "score": self.score,
            "win_ids": list(self.win_ids),
        }


def win_terms(text: str) -> dict[str, str]:
    """The terms of one text: stem key -> its spelling there (first occurrence)."""
    stop = _stop_words()
    stem_words = _stemmer().stemWords
    terms: dict[str, str] = {}
    for clause in _CLAUSE.split(text.lower().replace("’", "'")):
        kept = [w for w in _WORD.findall(clause) if w not in stop and len(w) > 1 or w in KEEP]
        if not kept:
            continue
        stems = stem_words(kept)
        for word, key in zip(kept, stems, strict=True):
            if word not in PHRASE_ONLY:
                terms.setdefault(key, word)
        for i in range(len(kept) - 1):
            terms.setdefault(f"{stems[i]} {stems[i + 1]}", f"{kept[i]} {kept[i + 1]}")
    return terms


def week_counts(texts: Iterable[str]) -> dict[str, int]:
    """Per-week term counts (wins containing each term): what the job stores for later weeks."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(win_terms(text).keys())
    return dict(counts)


def find_themes(
    wins: Sequence[tuple[str, date, str]],
    history: Sequence[Mapping[str, int]] = (),
    limit: int = MAX_THEMES,
) -> list[Theme]:
    """Themes of a week's `wins` (id, local day, text), scored against `history`: the stored
    counts of up to eight previous weeks (a week with no wins may be missing or empty)."""
    return analyse(wins, history, limit)[0]


def analyse(
    wins: Sequence[tuple[str, date, str]],
    history: Sequence[Mapping[str, int]] = (),
    limit: int = MAX_THEMES,
) -> tuple[list[Theme], dict[str, int]]:
    """The themes, and this week's term counts to store for later weeks (one pass)."""
    ids: dict[str, list[str]] = defaultdict(list)
    days: dict[str, set[date]] = defaultdict(set)
    spellings: dict[str, dict[str, int]] = defaultdict(dict)
    for win_id, day, text in wins:
        for key, spelling in win_terms(text).items():
            ids[key].append(win_id)
            days[key].add(day)
            forms = spellings[key]
            forms[spelling] = forms.get(spelling, 0) + 1
    candidates = {k for k in ids if len(ids[k]) >= MIN_WINS and len(days[k]) >= MIN_DAYS}
    candidates -= _explained_words(candidates, ids)
    past = list(history)[-HISTORY_WEEKS:]
    themes = []
    for key in candidates:
        seen_weeks = sum(1 for week in past if week.get(key, 0) > 0)
        usual = sum(week.get(key, 0) for week in past) / HISTORY_WEEKS
        kind = "new" if seen_weeks == 0 else "steady" if seen_weeks >= STEADY_WEEKS else "returning"
        themes.append(
            Theme(
                key=key,
                # max keeps the first-seen spelling on a tie, like Counter.most_common.
                label=max(spellings[key].items(), key=lambda item: item[1])[0],
                kind=kind,
                wins=len(ids[key]),
                days=len(days[key]),
                score=round(len(ids[key]) / (1 + usual), 3),
                win_ids=tuple(ids[key]),
            )
        )
    themes.sort(key=lambda t: (-t.score, -t.wins, -t.key.count(" "), t.label))
    return themes[:limit], {key: len(found) for key, found in ids.items()}


def _explained_words(candidates: set[str], ids: Mapping[str, list[str]]) -> set[str]:
    """Single words that a candidate phrase containing them explains: the phrase's wins are
    more than half of the word's wins."""
    dropped = set()
    for phrase in (c for c in candidates if " " in c):
        for word in phrase.split(" "):
            if word in candidates and 2 * len(ids[phrase]) > len(ids[word]):
                dropped.add(word)
    return dropped
