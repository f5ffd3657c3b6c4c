"""A government site on 127.0.0.1 whose pages a test edits while it runs: a page fixed (or not) between a scan and
its recheck, as a webmaster would fix it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOME = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>示范区人民政府</title></head><body>
<h1>示范区人民政府</h1><ul><li><a href="/notice-a.html">救助公示（一）</a></li>
<li><a href="/notice-b.html">救助公示（二）</a></li></ul>
<p>示范区人民政府办公室主办</p></body></html>"""

LEAK = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<h1>{title}</h1><p>根据《社会救助暂行办法》，拟对以下人员发放临时救助金：</p>
<p>申请人{name}，身份证号：{number}，家庭人口3人。</p><p>发布日期：2020-10-12</p></body></html>"""

FIXED = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<h1>{title}</h1><p>根据《社会救助暂行办法》，拟对以下人员发放临时救助金：</p>
<p>申请人{name}，身份证号：110105********002X，家庭人口3人。</p><p>发布日期：2020-10-12</p></body></html>"""

PAGES = {
    "a": {"title": "救助公示（一）", "name": "张建国", "number": "11010519491231002x"},
    "b": {"title": "救助公示（二）", "name": "李秀英", "number": "440304198506122313"},
}


class EditableSite:
    """The pages by path; `fix(key)` masks the ID number on notice-KEY.html."""

    def __init__(self) -> None:
        self.pages = {"/": HOME, "/robots.txt": "User-agent: *\nAllow: /\n"}
        for key, values in PAGES.items():
            self.pages[f"/notice-{key}.html"] = LEAK.format(**values)
        self.url = ""

    def fix(self, key: str) -> None:
        self.pages[f"/notice-{key}.html"] = FIXED.format(**PAGES[key])


@contextmanager
def editable_site() -> Iterator[EditableSite]:
    site = EditableSite()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body = site.pages.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            data = body.encode("utf-8")
            self.send_response(200)
            kind = "text/plain" if self.path.endswith(".txt") else "text/html"
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_HEAD(self) -> None:  # noqa: N802
            self.send_response(200 if self.path.split("?")[0] in site.pages else 404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
