"""The weekly summary, from plain data: a week's wins as tuples, never ORM objects.

Everything a review screen shows about one person's week (Monday to Sunday local days):
counts, days with a win, per day / tag / goal / value, energy by day, time of day, starred
highlights, themes, the longest run of days with a win, and the change against the person's
own previous four weeks. It never compares with anyone else. Goals and values are keyed by
optional ids on each win, so the summary is ready for those collections when they arrive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, NamedTuple

from server.core.themes import Theme, analyse
from server.core.weeks import week_days, week_label

COMPARE_WEEKS = 4
# Local clock hours: [start, end) of each part of the day; night wraps past midnight.
TIME_OF_DAY = (("morning", 5, 12), ("afternoon", 12, 17), ("evening", 17, 22))


class WinFacts(NamedTuple):
    """What the summary reads of a win (a plain tuple; the job selects exactly these)."""

    id: str
    text: str
    happened_at: datetime  # aware
    local_day: date
    tags: Sequence[str] = ()
    energy: int | None = None
    starred: bool = False
    goal_id: str | None = None
    value_ids: Sequence[str] = ()


@dataclass(frozen=True)
class Comparison:
    """This week against the average of the person's own previous four weeks."""

    usual_wins: float
    usual_active_days: float
    trend: str  # more | a_little_more | usual | a_little_less | less | no_history

    def to_dict(self) -> dict[str, Any]:
        return {
            "usual_wins": self.usual_wins,
            "usual_active_days": self.usual_active_days,
            "trend": self.trend,
        }


@dataclass(frozen=True)
class WeekSummary:
    week: str
    start: date
    wins: int
    active_days: int
    per_day: tuple[int, ...]
    per_tag: tuple[tuple[str, int], ...]
    per_goal: tuple[tuple[str, int], ...]
    per_value: tuple[tuple[str, int], ...]
    energy_by_day: tuple[float | None, ...]
    time_of_day: tuple[tuple[str, int], ...]
    highlights: tuple[tuple[str, str], ...]  # (win id, text), starred, in time order
    longest_run: int
    compared: Comparison
    themes: tuple[Theme, ...] = field(default=())
    # This week's theme term counts (not shown; the job stores them for later weeks' scoring).
    term_counts: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: what is stored and synced to devices."""
        return {
            "week": self.week,
            "start": self.start.isoformat(),
            "wins": self.wins,
            "active_days": self.active_days,
            "per_day": list(self.per_day),
            "per_tag": [list(item) for item in self.per_tag],
            "per_goal": [list(item) for item in self.per_goal],
            "per_value": [list(item) for item in self.per_value],
            "energy_by_day": list(self.energy_by_day),
            "time_of_day": dict(self.time_of_day),
            "highlights": [{"id": i, "text": t} for i, t in self.highlights],
            "longest_run": self.longest_run,
            "compared": self.compared.to_dict(),
            "themes": [theme.to_dict() for theme in self.themes],
        }


def part_of_day(hour: int) -> str:
    for name, start, end in TIME_OF_DAY:
        if start <= hour < end:
            return name
    return "night"


def summarise_week(
    wins: Sequence[WinFacts],
    monday: date,
    time_zone_info: tzinfo,
    previous_day_counts: Mapping[date, int],
    history: Sequence[Mapping[str, int]] = (),
) -> WeekSummary:
    """The summary of the week starting `monday`.

    `wins`: the week's wins that are not deleted (others in the list are ignored).
    `time_zone_info`: a tzinfo for the person's zone (time of day is their wall clock).
    `previous_day_counts`: wins per local day over the 28 days before `monday`.
    `history`: stored term counts of up to eight previous weeks, oldest first (themes)."""
    days = week_days(monday)
    index = {day: n for n, day in enumerate(days)}
    mine = sorted((w for w in wins if w.local_day in index), key=lambda w: w.happened_at)
    per_day = [0] * 7
    energy: list[list[int]] = [[] for _ in range(7)]
    tags: Counter[str] = Counter()
    goals: Counter[str] = Counter()
    values: Counter[str] = Counter()
    parts: Counter[str] = Counter({name: 0 for name, _, _ in TIME_OF_DAY} | {"night": 0})
    for win in mine:
        n = index[win.local_day]
        per_day[n] += 1
        if win.energy is not None:
            energy[n].append(win.energy)
        for tag in set(win.tags):
            tags[tag] += 1
        if win.goal_id:
            goals[win.goal_id] += 1
        for value_id in set(win.value_ids):
            values[value_id] += 1
        parts[part_of_day(win.happened_at.astimezone(time_zone_info).hour)] += 1
    active = sum(1 for count in per_day if count)
    themes, term_counts = analyse([(w.id, w.local_day, w.text) for w in mine], history)
    return WeekSummary(
        week=week_label(monday),
        start=monday,
        wins=len(mine),
        active_days=active,
        per_day=tuple(per_day),
        per_tag=_ranked(tags),
        per_goal=_ranked(goals),
        per_value=_ranked(values),
        energy_by_day=tuple(round(sum(e) / len(e), 2) if e else None for e in energy),
        time_of_day=tuple(parts.items()),
        highlights=tuple((w.id, w.text) for w in mine if w.starred),
        longest_run=longest_run(per_day),
        compared=compare(len(mine), active, monday, previous_day_counts),
        themes=tuple(themes),
        term_counts=term_counts,
    )


def _ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def longest_run(per_day: Sequence[int]) -> int:
    """The longest stretch of consecutive days with at least one win."""
    best = current = 0
    for count in per_day:
        current = current + 1 if count else 0
        best = max(best, current)
    return best


def compare(
    wins: int, active_days: int, monday: date, previous_day_counts: Mapping[date, int]
) -> Comparison:
    """Against the average of the four weeks before: the person's own usual, nobody else's."""
    first = monday - timedelta(days=7 * COMPARE_WEEKS)
    counts = [previous_day_counts.get(first + timedelta(days=n), 0) for n in range(28)]
    usual_wins = sum(counts) / COMPARE_WEEKS
    usual_days = sum(1 for c in counts if c) / COMPARE_WEEKS
    return Comparison(round(usual_wins, 2), round(usual_days, 2), trend(wins, usual_wins))


def trend(wins: int, usual: float) -> str:
    if usual == 0:
        return "no_history"
    ratio = wins / usual
    if ratio >= 1.5:
        return "more"
    if ratio >= 1.1:
        return "a_little_more"
    if ratio > 0.9:
        return "usual"
    if ratio > 2 / 3:
        return "a_little_less"
    return "less"
