"""The Content-Security-Policy under which a web server may serve an HTML report.

The HTML reports are single files meant to open offline too, so ECharts and its start-up code are inline, which the
platform's own policy (no inline script) would block. Served by the platform a report gets a policy naming exactly
its own scripts by hash: a script injected into a report would not run.
"""

from __future__ import annotations

import base64
import hashlib

from selectolax.lexbor import LexborHTMLParser

NONE = "'none'"
#: Script types a browser runs; `application/json` data blocks are not scripts.
EXECUTABLE_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})


def _hash_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def report_policy(html: str) -> str:
    """The policy for one self-contained report: its own inline scripts, nothing else."""
    tree = LexborHTMLParser(html)
    scripts = sorted({
        _hash_source(node.text(deep=True))
        for node in tree.css("script")
        if "src" not in node.attributes and (node.attributes.get("type") or "").strip().lower() in EXECUTABLE_TYPES
    })
    return "; ".join([
        "default-src 'none'",
        f"script-src {' '.join(scripts) or NONE}",
        # Styles cannot run code; ECharts also styles the SVG it draws, which hashes could not cover.
        "style-src 'unsafe-inline'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])
