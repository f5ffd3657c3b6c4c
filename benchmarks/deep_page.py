"""How long `dgeval scan` takes on a site with one hostile page: 100,000 nested `<div>`s (1.1 MB).

    .venv/bin/python benchmarks/deep_page.py [--levels 100000]

The page used to take a scan nearly five minutes (50 s in the parser's tree builder, 180 s in the checks); with
the DOM caps it is reported as too deep and neither parsed nor checked. Serves the site with nginx on 127.0.0.1
(as benchmarks/crawl.py does), runs `dgeval scan --json` with every check, and prints the wall time, the peak
memory of the scan's process tree and what the scan says of the page. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from crawl import VENV_BIN, Server, _load, _mb, measure  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", type=int, default=100_000, help="nesting depth of the hostile page")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds for the scan")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="dgeval-deep-"))
    tmp.chmod(0o755)  # nginx workers run as nobody when started by root
    site = tmp / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><h1>首页</h1><a href='/deep.html'>深层页面</a>"
                                     "<a href='/ok.html'>正常页面</a></body></html>", encoding="utf-8")
    (site / "ok.html").write_text("<html><body><p>正常页面</p></body></html>", encoding="utf-8")
    (site / "deep.html").write_text("<html><body>" + "<div>" * args.levels + "<a href='/x.html'>x</a>"
                                    + "</div>" * args.levels + "</body></html>", encoding="utf-8")
    server = Server(site, tmp)
    try:
        server.start()
        print(f"server: {server.label} on {server.url}; deep.html: {args.levels} levels, "
              f"{(site / 'deep.html').stat().st_size / 1e6:.1f} MB; {_load()}")
        command = [str(VENV_BIN / "dgeval"), "scan", server.url, "--json", "--allow-private", "--external", "skip",
                   "--as-of", "2020-11-20", "--max-time", str(int(args.timeout))]
        out, err = tmp / "scan.json", tmp / "scan.err"
        run = measure(command, timeout=args.timeout + 30, cwd=tmp, stdout=out, stderr=err)
        result = json.loads(out.read_text(encoding="utf-8"))
        stats = result["stats"]
        print(f"dgeval scan (all checks): {run.seconds:.1f} s wall (crawl {stats['elapsed_s']} s, checks "
              f"{stats['check_seconds']} s), peak {_mb(run.peak_tree_pss):.0f} MB PSS / {_mb(run.peak_tree_rss):.0f} MB "
              f"RSS, exit {run.returncode}")
        for entry in stats.get("unjudged", []):
            print(f"  unjudged: {entry['url']}: {entry['reason']}")
        print(f"after the run: {_load()}")
        return 0
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
