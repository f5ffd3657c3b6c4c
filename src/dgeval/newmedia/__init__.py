"""New-media evaluation (政务新媒体调查评估, 两微一端): checks over the data of government accounts.

WeChat, Weibo and the app stores cannot be crawled, so the evaluators work from the accounts' exported data (posts
and messages from the platforms' back offices, App store listings) plus manual checks. This package holds the pure
part, without Django: `model` (accounts, posts, messages, findings), `files` (bounded reading of CSV/XLSX/JSON
exports), `exports` (their columns, with row and column named in every error), `content` (the plan's information
categories and advertising words, as yearly data) and `checks` (one module per check, registered in
`checks/__init__.py`). Findings become leaf points through the same finding rules as the monitor's
(`dgeval.framework.rules`). Documented in docs/new-media.md.
"""
