"""The anomaly rules on hand-made vote facts (no database)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dgeval.web.voting.anomalies import Thresholds, VoteFact, detect

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOON = datetime(2020, 11, 23, 12, 0, tzinfo=SHANGHAI)


def vote(n: int, *, at: datetime = NOON, network: str = "198.51.100.0/24", voter: int | None = None, case: int = 1,
         agent: str = "Mozilla/5.0", device: str = "") -> VoteFact:
    return VoteFact(n, case, n if voter is None else voter, at, network, agent, device or f"dev{n}")


def kinds(votes, **kw) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for anomaly in detect(votes, tz=SHANGHAI, **kw):
        out.setdefault(anomaly.kind, set()).update(anomaly.vote_ids)
    return out


def test_spread_out_honest_votes_raise_nothing():
    votes = [vote(n, at=NOON + timedelta(minutes=7 * n), network=f"10.{n}.0.0/24") for n in range(40)]
    assert kinds(votes) == {}


def test_a_burst_from_one_range_is_flagged_but_not_the_same_count_spread_over_hours():
    burst = [vote(n, at=NOON + timedelta(seconds=10 * n)) for n in range(21)]
    assert kinds(burst)["burst"] == set(range(21))
    spread = [vote(n, at=NOON + timedelta(minutes=30 * n), network="1.2.3.0/24") for n in range(12)]
    assert "burst" not in kinds(spread)


def test_many_voters_from_one_range_in_a_day():
    votes = [vote(n, at=NOON + timedelta(hours=n % 8)) for n in range(16)]
    assert kinds(votes, limits=Thresholds(burst_votes=100))["address_range"] == set(range(16))


def test_one_device_many_voters():
    votes = [vote(n, network=f"10.{n}.0.0/24", device="shared", at=NOON + timedelta(hours=n)) for n in range(4)]
    assert kinds(votes)["shared_device"] == {0, 1, 2, 3}
    assert "shared_device" not in kinds(votes[:3])


def test_identical_agents_voting_one_case_in_a_short_window():
    agent = "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/86.0"
    votes = [vote(n, network=f"10.{n}.0.0/24", agent=agent, at=NOON + timedelta(minutes=n)) for n in range(11)]
    assert kinds(votes)["identical_agent"] == set(range(11))
    other_cases = [vote(n, network=f"10.{n}.0.0/24", agent=agent, case=n, at=NOON + timedelta(minutes=n))
                   for n in range(11)]
    assert "identical_agent" not in kinds(other_cases)


def test_throttled_clients_and_night_votes():
    votes = [vote(1, device="bot"), vote(2, network="203.0.113.0/24"), vote(3)]
    assert kinds(votes, throttled={"bot", "203.0.113.0/24"})["rate_limited"] == {1, 2}
    night = vote(4, at=datetime(2020, 11, 23, 19, 30, tzinfo=timezone.utc))  # 03:30 in Shanghai
    assert kinds([night, vote(5)])["night"] == {4}
