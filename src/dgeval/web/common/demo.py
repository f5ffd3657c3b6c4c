"""What the demo steps share while the demo is built: the campaign, its people, the demo portals and the clock.

Each app's `demo.py` step imports this module, and the demo builder (`dgeval.web.demo`) imports the steps: the
steps never import the builder.
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from dgeval.demo.server import RunningSite


@dataclass
class DemoContext:
    """Filled in step by step: the accounts step adds `users`, registration adds `counties`."""

    campaign: Any
    today: dt.date
    data_dir: Path
    sites: list[RunningSite]
    out: Callable[[str], None] = print
    users: dict[str, Any] = field(default_factory=dict)
    counties: list[Any] = field(default_factory=list)

    def user(self, username: str) -> Any:
        return self.users[username]

    def site_of(self, target: Any) -> RunningSite:
        """The demo portal a registered county runs."""
        return next(site for site in self.sites if site.url == target.website_url)


def day_in_phase(campaign: Any, kind: str, today: dt.date) -> dt.date:
    """TODAY if it falls in CAMPAIGN's phase KIND, else a day ten days before the phase ends (inside it)."""
    phase = campaign.phases.get(kind=kind)
    if phase.starts_on <= today <= phase.ends_on:
        return today
    return max(phase.starts_on, phase.ends_on - timedelta(days=10))
