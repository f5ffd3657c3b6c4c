"""The checks worker's page store: bodies packed with zstd read back as the text the crawler decoded."""

from __future__ import annotations

import dataclasses

from dgeval.monitor.model import Page
from dgeval.monitor.stream import TRAINING_PAGES, _PackedPage, _Packer


def _page(n: int, charset: str) -> tuple[Page, bytes]:
    html = ("<html><head><title>第%d号通知</title></head><body><div class='nav'>首页 政务公开 政策解读 互动交流</div>"
            "<p>关于开展第%d批次检查工作的通知，各单位：现将有关事项通知如下。</p>" % (n, n)) * 3 + "</body></html>"
    body = html.encode(charset)
    url = f"http://127.0.0.1/{n}.html"
    return Page(url=url, final_url=url, status=200, headers={}, content_type="text/html", text=html), body


def test_bodies_after_the_training_pages_share_a_dictionary_and_read_back_the_same() -> None:
    packer = _Packer()
    packed = []
    for n in range(TRAINING_PAGES + 50):
        charset = "gbk" if n % 3 else "utf-8"
        page, body = _page(n, charset)
        packed.append((page, _PackedPage.of(page, body, charset, packer)))
    # the last training page is the first packed with the dictionary learnt from them
    assert all(p._dict is None for _, p in packed[:TRAINING_PAGES - 1])  # type: ignore[attr-defined]
    assert all(p._dict is not None for _, p in packed[TRAINING_PAGES - 1:])  # type: ignore[attr-defined]
    assert all(p.text == page.text and p.url == page.url for page, p in packed)
    plain = sum(len(p._packed) for _, p in packed[:50])  # type: ignore[attr-defined]
    with_dictionary = sum(len(p._packed) for _, p in packed[-50:])  # type: ignore[attr-defined]
    assert with_dictionary < plain / 2


def test_text_set_anew_is_packed_on_its_own() -> None:
    packer = _Packer()
    for n in range(TRAINING_PAGES):
        _PackedPage.of(*_page(n, "utf-8"), "utf-8", packer)
    page, body = _page(1, "gbk")
    packed = dataclasses.replace(_PackedPage.of(page, body, "gbk", packer), text="附件正文：公示名单")
    assert packed._dict is None and packed.text == "附件正文：公示名单"  # type: ignore[attr-defined]
