"""What readers see is in their language: Chinese by default, English when chosen; never a dict or a code.

The walk (`tests/web/i18n_crawl.py`) visits every page reachable by links for each role of a built demo and lists
English words, Python reprs, raw leaf codes or check names, 5xx answers and links that answer 403; the checks on one
page's text are shown here to catch planted leaks.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.web.i18n_crawl import known_codes, page_problems, visible_text

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile("[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("修改后：{'status': 'confirmed'}", "Python 数据"),
        ("证据：[{'slot': 'monitor'}]", "Python 数据"),
        ("指标 interaction.message_disclosure 已扣分", "原始代码"),
        ("检查项：broken_link", "原始代码"),
        ("FetchError：[Errno -2] Name or service not known", "英文"),
        ("no HTTPS", "英文"),
        ("score 0/100", "英文"),
    ],
)
def test_a_planted_leak_is_caught(text, kind):
    problems = page_problems(text, known_codes=known_codes())
    assert any(problem.startswith(kind) for problem in problems), problems


def test_clean_chinese_with_allowed_words_passes():
    text = "未启用 HTTPS；ICP备案编号缺失；导出 PDF、XLSX；联系 anli1@example.gov.cn；见 https://www.gov.cn/zhengce/"
    assert page_problems(text, known_codes=known_codes()) == []


def test_visible_text_skips_scripts_and_reads_titles():
    html = '<html><body><script>var x = {"a": 1};</script><p title="提示">正文</p><input type="submit" value="提交"></body></html>'
    text = visible_text(html)
    assert "var x" not in text and "提示" in text and "正文" in text and "提交" in text


def _nav(html: str) -> str:
    return html.split('class="nav"', 1)[1].split("</nav>", 1)[0]


def test_chinese_is_the_default_whatever_the_browser_asks(client, campaign_2020):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in html and "评估结果" in _nav(html)


def test_english_chosen_in_the_header_renders_english(client, campaign_2020):
    home = client.get(reverse("home")).content.decode()
    assert 'action="/i18n/setlang/"' in home and 'value="en"' in home
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    nav = _nav(html)
    assert '<html lang="en">' in html
    assert "Results" in nav or "Evaluation results" in nav
    assert not CJK.search(visible_text(nav)), visible_text(nav)
    assert 'value="zh-hans"' in html  # the way back


def test_english_reaches_service_errors(evaluator_client, campaign_2020):
    evaluator_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = evaluator_client.get(reverse("publication:index")).content.decode()
    assert not CJK.search(visible_text(_nav(html)))


def _demo_env() -> dict[str, str]:
    """The environment of `dgeval demo`: not the test settings pytest put in it (they have no "today")."""
    return {key: value for key, value in os.environ.items()
            if key != "DJANGO_SETTINGS_MODULE" and not key.startswith(("DGEVAL_", "DJANGO_", "DATABASE_URL"))}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    """The demo evaluation, built once by `dgeval demo` in a data dir of its own."""
    data_dir = tmp_path_factory.mktemp("demo")
    proc = subprocess.run([sys.executable, "-m", "dgeval.cli", "demo", "--no-serve", "--data-dir", str(data_dir)],
                          cwd=ROOT, env=_demo_env(), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return data_dir


def test_every_page_each_role_reaches_is_chinese_and_allowed(demo_dir):
    proc = subprocess.run([sys.executable, "-m", "tests.web.i18n_crawl", str(demo_dir)], cwd=ROOT, env=_demo_env(),
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    leaks = {f"{role} {url}": problems for role, pages in report.items() for url, problems in pages.items()}
    assert not leaks, json.dumps(dict(list(leaks.items())[:20]), ensure_ascii=False, indent=1)
