"""What the demo steps share while the demo is built: the campaign, its people, the demo portals and the clock."""

from __future__ import annotations

import datetime as dt
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
