"""The monitor (系统监测): crawl a government website, probe it, and run the national inspection checks on it.

Data flow: `fetch` (HTTP, caps, retries, SSRF guard from `safety`) → `crawl` (pages, attachments, link results;
`page` parses, `robots` decides, `attachments` extracts) → `probes` (IPv4/IPv6, HTTPS, search) → `checks` (pure) →
`verdict` (the 单项否决 rules). `runner.scan_site` ties them together; `cli` exposes `dgeval scan` / `dgeval probe`.
Imports no Django. Documented in docs/checks.md.
"""
