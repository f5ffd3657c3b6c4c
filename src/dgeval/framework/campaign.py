"""Campaign facts of a year: which evaluations each kind of target takes part in (some only for the channels a target
has: a ministry is scored on 政务微博 when it has a Weibo account), and which leaf 依申请公开 scores.

Data in `data/<year>/rules/campaign.toml` (documented in docs/frameworks.md, "Campaign facts"), so that a new year —
other frameworks, other columns, another leaf for the disclosure test — is a new file, not a code change. The platform
reads these facts here and nowhere else. Pure: no Django; the target kinds to check against are passed in.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from dgeval.errors import FrameworkError
from dgeval.framework.load import DATA_DIR, _display, available, load_file, read_year_file
from dgeval.framework.models import Framework

CAMPAIGN_FILE = "campaign.toml"
_TOP_KEYS = {"year", "evaluations", "channel_evaluations", "foi", "rectification"}
_FOI_KEYS = {"leaf", "answer_working_days"}
_RECTIFICATION_KEYS = {"working_days", "remind_working_days"}
_CHANNEL_KEYS = {"evaluation", "channels", "kinds"}

Evaluation = tuple[str, str]  # (framework, column)


@dataclass(frozen=True, slots=True)
class ChannelEvaluation:
    """An evaluation a target of one of `kinds` takes only when it has a channel of one of `channels` kinds."""

    evaluation: Evaluation
    channels: frozenset[str]
    kinds: frozenset[str]


@dataclass(frozen=True, slots=True)
class CampaignFacts:
    """The facts of one year's campaign that are data, not code.

    `evaluations`: target kind → the (framework, column) pairs it is scored in, first the main one.
    `channel_evaluations`: the pairs a target takes for the channels it has (政务新媒体: one per platform it has an
    account on). `rankings`: every pair once, grouped by framework (in the order the file first names them) and then
    in the framework's column order.
    `foi_leaf`: the leaf a 依申请公开 test request is scored into (None: the year has no such test);
    `foi_answer_working_days`: the working days a government has to answer it.
    `rectification_working_days`: the working days a target has to fix a finding it was sent (整改期限), and
    `rectification_remind_working_days`: how many working days before that deadline it is reminded; None when the
    year's file says nothing (the platform's setting applies).
    """

    year: int
    evaluations: Mapping[str, tuple[Evaluation, ...]]
    rankings: tuple[Evaluation, ...]
    foi_leaf: str | None
    foi_answer_working_days: int
    channel_evaluations: tuple[ChannelEvaluation, ...] = ()
    source: str = ""
    rectification_working_days: int | None = None
    rectification_remind_working_days: int | None = None

    def evaluations_of(self, kind: str, channels: Collection[str] = ()) -> tuple[Evaluation, ...]:
        """The evaluations a target of KIND that has channels of the kinds CHANNELS takes part in: its kind's, then
        those its channels bring, in file order; () for a kind this year does not evaluate."""
        by_channel = tuple(c.evaluation for c in self.channel_evaluations
                           if kind in c.kinds and c.channels.intersection(channels))
        return self.evaluations.get(kind, ()) + by_channel

    def channel_kinds_of(self, evaluation: Evaluation) -> frozenset[str]:
        """The channel kinds that bring EVALUATION (a work item of it is about the target's channels of these kinds)."""
        return frozenset(k for c in self.channel_evaluations if c.evaluation == evaluation for k in c.channels)

    def kinds_by_channel(self, framework: str) -> frozenset[str]:
        """The target kinds that take some evaluation of FRAMEWORK through their channels (who may own accounts)."""
        return frozenset(k for c in self.channel_evaluations if c.evaluation[0] == framework for k in c.kinds)

    def check_kinds(self, kinds: Collection[str], channels: Collection[str] | None = None) -> None:
        """FrameworkError naming the file if it lists a target kind not among KINDS, or a channel kind not among
        CHANNELS when given (a typo would drop targets)."""
        named = [("evaluations", kind) for kind in self.evaluations]
        named += [(f"channel_evaluations {n}: kinds", kind)
                  for n, c in enumerate(self.channel_evaluations, start=1) for kind in sorted(c.kinds)]
        for place, kind in named:
            if kind not in kinds:
                raise FrameworkError(f"{self.source}: {place}: unknown target kind {kind!r} "
                                     f"(known: {', '.join(sorted(kinds))})")
        if channels is None:
            return
        for n, c in enumerate(self.channel_evaluations, start=1):
            for kind in sorted(c.channels):
                if kind not in channels:
                    raise FrameworkError(f"{self.source}: channel_evaluations {n}: channels: unknown channel kind "
                                         f"{kind!r} (known: {', '.join(sorted(channels))})")


def campaign_file(year: int, data_dir: Path = DATA_DIR) -> Path:
    path = data_dir / str(year) / "rules" / CAMPAIGN_FILE
    if not path.is_file():
        raise FrameworkError(f"no campaign facts for year {year}: expected {_display(path)}")
    return path


def load_campaign_facts(year: int, data_dir: Path = DATA_DIR, kinds: Collection[str] | None = None,
                        channels: Collection[str] | None = None) -> CampaignFacts:
    """The campaign facts of YEAR, checked against that year's frameworks (and against the target KINDS and channel
    kinds CHANNELS when given)."""
    path = campaign_file(year, data_dir)
    facts = _load_cached(path.resolve(), path.stat().st_mtime_ns, data_dir.resolve())
    if kinds is not None:
        facts.check_kinds(kinds, channels)
    return facts


@lru_cache(maxsize=8)
def _load_cached(path: Path, mtime_ns: int, data_dir: Path) -> CampaignFacts:
    raw, where = read_year_file(path, _TOP_KEYS)
    year = raw["year"]
    frameworks = {name: load_file(fpath) for y, name, fpath in available(data_dir) if y == year}
    evaluations = _evaluations(raw.get("evaluations"), where, frameworks)
    by_channel = _channel_evaluations(raw.get("channel_evaluations", []), where, frameworks, evaluations)
    rankings = _rankings([*(p for pairs in evaluations.values() for p in pairs), *(c.evaluation for c in by_channel)],
                         frameworks)
    foi_leaf, days = _foi(raw.get("foi", {}), where, frameworks, rankings)
    fix_days, remind_days = _rectification(raw.get("rectification", {}), where)
    return CampaignFacts(year=year, evaluations=MappingProxyType(evaluations), rankings=rankings, foi_leaf=foi_leaf,
                         foi_answer_working_days=days, channel_evaluations=by_channel, source=where,
                         rectification_working_days=fix_days, rectification_remind_working_days=remind_days)


def _evaluation(entry: str, place: str, frameworks: Mapping[str, Framework]) -> Evaluation:
    """("framework", "column") of ENTRY "framework/column", which must name a framework of the year and its column."""
    name, _, column = entry.partition("/")
    if name not in frameworks:
        raise FrameworkError(f"{place}: {entry!r}: {name!r} is not a framework of this year "
                             f"(known: {', '.join(sorted(frameworks)) or 'none'})")
    if column not in frameworks[name].columns:
        raise FrameworkError(f"{place}: {entry!r}: framework {name!r} has no column {column!r} "
                             f"(known: {', '.join(frameworks[name].columns)})")
    return name, column


def _evaluations(table: Any, where: str, frameworks: Mapping[str, Framework]) -> dict[str, tuple[Evaluation, ...]]:
    if not isinstance(table, dict) or not table:
        raise FrameworkError(f"{where}: evaluations: expected a table of target kind = [\"framework/column\", …]")
    out: dict[str, tuple[Evaluation, ...]] = {}
    for kind, entries in table.items():
        place = f"{where}: evaluations.{kind}"
        if not isinstance(entries, list) or not entries or not all(isinstance(e, str) for e in entries):
            raise FrameworkError(f"{place} = {entries!r}; expected a non-empty list of \"framework/column\"")
        pairs: list[Evaluation] = []
        for entry in entries:
            pair = _evaluation(entry, place, frameworks)
            if pair in pairs:
                raise FrameworkError(f"{place}: {entry!r} is listed twice")
            pairs.append(pair)
        out[kind] = tuple(pairs)
    return out


def _names(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v for v in value)


def _channel_evaluations(table: Any, where: str, frameworks: Mapping[str, Framework],
                         evaluations: Mapping[str, tuple[Evaluation, ...]]) -> tuple[ChannelEvaluation, ...]:
    if not isinstance(table, list) or not all(isinstance(entry, dict) for entry in table):
        raise FrameworkError(f"{where}: channel_evaluations: expected [[channel_evaluations]] tables")
    out: list[ChannelEvaluation] = []
    for n, entry in enumerate(table, start=1):
        place = f"{where}: channel_evaluations {n}"
        unknown = set(entry) - _CHANNEL_KEYS
        if unknown:
            raise FrameworkError(f"{place}: unknown key(s): {', '.join(sorted(unknown))}")
        missing = sorted(_CHANNEL_KEYS - set(entry))
        if missing:
            raise FrameworkError(f"{place}: missing {', '.join(missing)}")
        if not isinstance(entry["evaluation"], str):
            raise FrameworkError(f"{place}: evaluation = {entry['evaluation']!r}; expected \"framework/column\"")
        pair = _evaluation(entry["evaluation"], f"{place}: evaluation", frameworks)
        for key in ("channels", "kinds"):
            if not _names(entry[key]):
                raise FrameworkError(f"{place}: {key} = {entry[key]!r}; expected a non-empty list of names")
        for kind in entry["kinds"]:
            if pair in evaluations.get(kind, ()):
                raise FrameworkError(f"{place}: {entry['evaluation']!r} is already under evaluations.{kind}; "
                                     "a kind takes it either always or by channel")
            if any(pair == c.evaluation and kind in c.kinds for c in out):
                raise FrameworkError(f"{place}: {entry['evaluation']!r} is listed twice for {kind!r}")
        out.append(ChannelEvaluation(evaluation=pair, channels=frozenset(entry["channels"]),
                                     kinds=frozenset(entry["kinds"])))
    return tuple(out)


def _rankings(used: list[Evaluation], frameworks: Mapping[str, Framework]) -> tuple[Evaluation, ...]:
    names = list(dict.fromkeys(name for name, _ in used))
    return tuple((name, column) for name in names for column in frameworks[name].columns if (name, column) in used)


def _foi(table: Any, where: str, frameworks: Mapping[str, Framework], rankings: tuple[Evaluation, ...]) -> tuple[str | None, int]:
    if not isinstance(table, dict):
        raise FrameworkError(f"{where}: foi: expected a table")
    unknown = set(table) - _FOI_KEYS
    if unknown:
        raise FrameworkError(f"{where}: foi: unknown key(s): {', '.join(sorted(unknown))}")
    days = table.get("answer_working_days", 20)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise FrameworkError(f"{where}: foi.answer_working_days = {days!r}; expected a whole number ≥ 1")
    leaf = table.get("leaf")
    if leaf is None:
        return None, days
    if not isinstance(leaf, str) or not leaf:
        raise FrameworkError(f"{where}: foi.leaf = {leaf!r}; expected a leaf code")
    scored = [f"{name}/{column}" for name, column in rankings
              if frameworks[name].has(leaf) and not frameworks[name].indicator(leaf).bonus
              and frameworks[name].indicator(leaf).weight(column) is not None]
    if not scored:
        raise FrameworkError(f"{where}: foi.leaf = {leaf!r}: not a leaf that applies in any evaluation listed "
                             "under evaluations")
    return leaf, days


def _rectification(table: Any, where: str) -> tuple[int | None, int | None]:
    if not isinstance(table, dict):
        raise FrameworkError(f"{where}: rectification: expected a table")
    unknown = set(table) - _RECTIFICATION_KEYS
    if unknown:
        raise FrameworkError(f"{where}: rectification: unknown key(s): {', '.join(sorted(unknown))}")
    values: list[int | None] = []
    for key in ("working_days", "remind_working_days"):
        value = table.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise FrameworkError(f"{where}: rectification.{key} = {value!r}; expected a whole number ≥ 1")
        values.append(value)
    fix_days, remind_days = values
    if fix_days is not None and remind_days is not None and remind_days >= fix_days:
        raise FrameworkError(f"{where}: rectification.remind_working_days = {remind_days}; expected fewer than "
                             f"working_days ({fix_days})")
    return fix_days, remind_days
