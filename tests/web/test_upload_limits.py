"""Hostile bodies and uploads: refused before they are read, and never parsed in the web server's memory.

- A 200 MB body is answered 413 while the client has sent 64 KB of it, by the middleware (Django's own live server,
  which hands the socket to the application) and by the demo's waitress (which would otherwise buffer it).
- XLSX and DOCX "bombs" (≈400 MB of sheet XML in a ≈0.5 MB file) posted to the targets and collection imports are
  refused, and the server process stays under RSS_BOUND_MB: measured in a fresh process doing the requests through
  Django's test client, so that no earlier test's memory counts.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import Client

from dgeval.web.middleware import CappedStream

DECLARED = 200 * 1024 * 1024
SENT = 64 * 1024
#: The web process's peak RSS while bombs are posted to it (a bare Django test process peaks near 120 MB).
RSS_BOUND_MB = 250


def _post_huge_body(host: str, port: int, path: str) -> tuple[str, float]:
    """Declare a 200 MB body, send 64 KB of it, and return the status line that comes back and how long it took."""
    start = time.monotonic()
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall((f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/octet-stream\r\n"
                      f"Content-Length: {DECLARED}\r\n\r\n").encode("ascii"))
        sock.sendall(b"\0" * SENT)
        answer = sock.recv(4096).decode("latin-1")
    return answer.split("\r\n", 1)[0], time.monotonic() - start


@pytest.mark.django_db(transaction=True)
def test_huge_body_is_refused_unread_by_the_application(live_server):
    status, seconds = _post_huge_body(live_server.thread.host, live_server.thread.port, "/registration/")
    assert status.startswith("HTTP/1.1 413") and seconds < 5, (status, seconds)


def test_huge_body_is_refused_unread_by_the_demo_server():
    from waitress.server import create_server

    from dgeval.web.cli import waitress_options
    from dgeval.web.wsgi import application

    server = create_server(application, **{**waitress_options(host="127.0.0.1", port=0), "threads": 2})
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        status, seconds = _post_huge_body("127.0.0.1", server.effective_port, "/registration/")
    finally:
        # Waitress has no stop(): closing its sockets under the running loop makes the loop fail on a closed file.
        # Empty the loop's socket map from inside the loop (a trigger thunk runs there), so it ends; then close.
        server.trigger.pull_trigger(server._map.clear)
        thread.join(10)
        server.close()
        server.task_dispatcher.shutdown()
    assert not thread.is_alive()
    assert status.startswith("HTTP/1.1 413") and seconds < 5, (status, seconds)


def test_declared_length_over_the_limit_is_413_and_the_stream_is_capped(settings, db):
    settings.DGEVAL_MAX_REQUEST_BYTES = 1000
    response = Client().post("/registration/", data=b"x" * 5000, content_type="application/octet-stream")
    assert response.status_code == 413 and "超过上限" in response.content.decode()
    capped = CappedStream(io.BytesIO(b"y" * 100), 10)  # a body that lies about its length, or comes chunked
    with pytest.raises(RequestDataTooBig):
        capped.read()


def _bomb(kind: str) -> bytes:
    """A workbook or document whose one XML part inflates to ≈400 MB from ≈0.5 MB."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    part = "xl/worksheets/sheet1.xml" if kind == "xlsx" else "word/document.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                                'package/2006/content-types"/>')
        with archive.open(part, "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            block = row * 20_000
            for _ in range(400 * 1024 * 1024 // len(block)):
                member.write(block)
            member.write(b"</sheetData></worksheet>")
    return out.getvalue()


POST_BOMBS = """
import json, resource, sys
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
call_command("migrate", verbosity=0)
from django.core.files.uploadedfile import SimpleUploadedFile
from dgeval.web.accounts.services import user_create
from dgeval.web.campaigns.services import campaign_create_2020
campaign_create_2020()
client = Client()
client.force_login(user_create(username="admin", password=None, role="admin"))
results = []
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    for url in ("/targets/import/", "/collection/import/"):
        upload = SimpleUploadedFile(path.rsplit("/", 1)[1], data)
        response = client.post(url, {"file": upload, "override_reason": "压力测试"}, follow=True)
        results.append({"url": url, "file": path, "status": response.status_code,
                        "text": response.content.decode()})
# VmHWM: this process's own peak since it started (ru_maxrss would include the forking parent's size before exec).
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"results": results, "rss_mb": peak_kb / 1024,
                  "workers_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def test_xlsx_and_docx_bombs_are_refused_and_the_server_stays_small(tmp_path: Path):
    files = []
    for kind in ("xlsx", "docx"):
        path = tmp_path / f"bomb.{kind}"
        path.write_bytes(_bomb(kind))
        assert path.stat().st_size < 2 * 1024 * 1024
        files.append(str(path))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DGEVAL_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="dgeval.web.settings.test", DGEVAL_DATA_DIR=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", POST_BOMBS, *files], capture_output=True, text=True, timeout=300,
                          env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    for result in report["results"]:
        text = result["text"]
        shown = text[text.find("errorlist"):][:160]
        assert result["status"] == 200 and "拒绝读取该工作簿" in text, (result["url"], result["file"], shown)
    print(f"web process peak RSS {report['rss_mb']:.0f} MB; sandbox workers {report['workers_rss_mb']:.0f} MB")
    assert report["rss_mb"] < RSS_BOUND_MB
