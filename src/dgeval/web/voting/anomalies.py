"""Spotting fraudulent votes: pure rules over vote facts (no Django), tuned by `Thresholds`.

What honest voting does not look like:
- burst: more than `burst_votes` votes from one address range within `burst_window`;
- address_range: more than `range_voters` different voters from one address range on one day;
- shared_device: more than `device_voters` different voters from one browser (device cookie);
- identical_agent: more than `agent_voters` different voters with the same user agent voting for the same case
  within `agent_window` (one script, many identities);
- rate_limited: votes from a device or address range that hit a rate limit in the round (a script retrying);
- night: votes between `night_from` and `night_to` o'clock local time (a weak signal, shown for review).
A flag is a reason for an admin to look, not a verdict: voiding is the admin's audited decision. The address range
is the /24 (IPv4) or /48 (IPv6) a vote came from, so a NAT'd office shows as one range and a botnet spread over
many ranges does not trip the range rules (the per-identity verification and rate limits are the guard there).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

KINDS = ("burst", "address_range", "shared_device", "identical_agent", "rate_limited", "night")


@dataclass(frozen=True, slots=True)
class VoteFact:
    id: int
    case: int
    voter: int
    at: datetime
    network: str
    user_agent: str
    device: str


@dataclass(frozen=True, slots=True)
class Thresholds:
    burst_votes: int = 20
    burst_window: timedelta = timedelta(minutes=10)
    range_voters: int = 15
    device_voters: int = 3
    agent_voters: int = 10
    agent_window: timedelta = timedelta(minutes=30)
    night_from: int = 1
    night_to: int = 6


@dataclass(frozen=True, slots=True)
class Anomaly:
    """One suspicious group: its rule, what it is keyed on (a range, a device…), and the votes in it."""

    kind: str
    key: str
    vote_ids: tuple[int, ...]


def _dense_windows(votes: Sequence[VoteFact], window: timedelta, limit: int, *, by_voters: bool = False) -> set[int]:
    """Ids of votes lying in some time window of length WINDOW holding more than LIMIT votes (or voters)."""
    ordered = sorted(votes, key=lambda v: (v.at, v.id))
    flagged: set[int] = set()
    start = 0
    for end, vote in enumerate(ordered):
        while vote.at - ordered[start].at > window:
            start += 1
        inside = ordered[start:end + 1]
        size = len({v.voter for v in inside}) if by_voters else len(inside)
        if size > limit:
            flagged.update(v.id for v in inside)
    return flagged


def _group(votes: Iterable[VoteFact], key: Callable[[VoteFact], Any]) -> dict[Any, list[VoteFact]]:
    groups: dict[Any, list[VoteFact]] = defaultdict(list)
    for vote in votes:
        groups[key(vote)].append(vote)
    return groups


def detect(votes: Sequence[VoteFact], *, tz: tzinfo, limits: Thresholds = Thresholds(),
           throttled: Collection[str] = ()) -> list[Anomaly]:
    """Every anomaly among VOTES, grouped by rule and key, in KINDS order then by key.

    THROTTLED holds the address ranges and device ids that hit a rate limit.
    """
    out: list[Anomaly] = []
    for network, group in sorted(_group(votes, lambda v: v.network).items()):
        ids = _dense_windows(group, limits.burst_window, limits.burst_votes)
        if ids:
            out.append(Anomaly("burst", str(network), tuple(sorted(ids))))
    by_range_day = _group(votes, lambda v: (v.network, v.at.astimezone(tz).date()))
    for (network, day), group in sorted(by_range_day.items()):
        if len({v.voter for v in group}) > limits.range_voters:
            out.append(Anomaly("address_range", f"{network} {day:%Y-%m-%d}", tuple(sorted(v.id for v in group))))
    for device, group in sorted(_group((v for v in votes if v.device), lambda v: v.device).items()):
        if len({v.voter for v in group}) > limits.device_voters:
            out.append(Anomaly("shared_device", str(device)[:12], tuple(sorted(v.id for v in group))))
    by_agent_case = _group((v for v in votes if v.user_agent), lambda v: (v.user_agent, v.case))
    for (agent, case), group in sorted(by_agent_case.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
        ids = _dense_windows(group, limits.agent_window, limits.agent_voters, by_voters=True)
        if ids:
            out.append(Anomaly("identical_agent", f"{case} {str(agent)[:60]}", tuple(sorted(ids))))
    limited = _group((v for v in votes if v.network in throttled or (v.device and v.device in throttled)),
                     lambda v: v.device if v.device in throttled else v.network)
    for key, group in sorted(limited.items()):
        out.append(Anomaly("rate_limited", str(key)[:40], tuple(sorted(v.id for v in group))))
    night = [v.id for v in votes if limits.night_from <= v.at.astimezone(tz).hour < limits.night_to]
    if night:
        out.append(Anomaly("night", f"{limits.night_from:02d}:00–{limits.night_to:02d}:00", tuple(sorted(night))))
    return out
