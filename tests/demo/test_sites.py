"""The synthetic demo portals: realistic defects where switched on, decoys elsewhere, served on loopback only."""

from __future__ import annotations

import datetime as dt
import urllib.parse
import urllib.request

import pytest

from dgeval.demo.server import DemoSites
from dgeval.demo.sites import DEMO_SITES, SiteSpec, build_site, resident_id, working_days_after
from dgeval.monitor.checks._identifiers import is_resident_id

AS_OF = dt.date(2020, 11, 20)
SPECS = {s.key: s for s in DEMO_SITES}


def _text(spec: SiteSpec) -> str:
    return "\n".join(r.body.decode(spec.charset) for p, r in build_site(spec, AS_OF).items()
                     if r.content_type.startswith("text/html"))


def test_generated_id_numbers_are_valid_resident_ids():
    number = resident_id("330923", dt.date(1956, 3, 11), 1)
    assert len(number) == 18 and is_resident_id(number, AS_OF)


def test_wrong_word_only_where_switched_on():
    assert "中华人民共合国" in _text(SPECS["linchuan"])
    assert "中华人民共合国" not in _text(SPECS["qinghe"]) and "中华人民共和国" in _text(SPECS["qinghe"])


def test_id_numbers_are_masked_on_sites_without_the_leak():
    leak = _text(SPECS["dongshan"])
    clean = _text(SPECS["xiling"])
    full = resident_id(SPECS["dongshan"].division_code, dt.date(1956, 3, 11), 1)
    assert full in leak
    assert "********" in clean and resident_id(SPECS["xiling"].division_code, dt.date(1956, 3, 11), 1) not in clean


def test_missing_marks_follow_the_spec():
    nanhu = _text(SPECS["nanhu"])
    assert "网站标识码" not in nanhu and "公网安备" not in nanhu and "ICP备" in nanhu
    assert "网站标识码：3309210001" in _text(SPECS["qinghe"])


def test_gbk_site_is_really_gbk():
    spec = SPECS["linchuan"]
    home = build_site(spec, AS_OF)["/"]
    assert home.content_type == "text/html"  # charset only in <meta>, as old GBK sites do
    assert "人民政府".encode("gbk") in home.body
    with pytest.raises(UnicodeDecodeError):
        home.body.decode("utf-8")


def test_overdue_message_is_unanswered_and_others_are_answered_in_time():
    nanhu = _text(SPECS["nanhu"])
    assert "待回复" in nanhu and "暂无回复" in nanhu
    assert "待回复" not in _text(SPECS["qinghe"])


def test_working_days_skip_the_national_day_holiday():
    assert working_days_after(dt.date(2020, 9, 30), 1) == dt.date(2020, 10, 9)


def test_unknown_defect_is_refused():
    with pytest.raises(ValueError, match="unknown defect"):
        SiteSpec(key="x", name="x", short_name="x", province="x", division_code="1", charset="utf-8", site_code=None,
                 icp=None, psb=None, defects=frozenset({"typo"}))


def test_sites_serve_on_loopback_with_search_and_404():
    with DemoSites(AS_OF, specs=(SPECS["qinghe"], SPECS["linchuan"])) as sites:
        assert len(sites.sites) == 2
        for site in sites.sites:
            assert site.url.startswith("http://127.0.0.1:")
            with urllib.request.urlopen(site.url, timeout=10) as response:
                assert response.status == 200
        query = urllib.parse.quote("安全生产")
        with urllib.request.urlopen(f"{sites.sites[0].url}search?q={query}", timeout=10) as response:
            assert "安全生产大检查" in response.read().decode("utf-8")
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(sites.sites[0].url + "no/such/page.html", timeout=10)
        assert exc.value.code == 404
        exc.value.close()


def test_refuses_non_loopback_host():
    with pytest.raises(ValueError, match="loopback"):
        DemoSites(AS_OF, host="0.0.0.0")


def test_generated_misspelling_only_where_switched_on():
    assert "六稳六宝" in _text(SPECS["linchuan"]) and "六稳六宝" not in _text(SPECS["qinghe"])


def test_badge_kind_and_site_code_picture_follow_the_spec():
    assert 'src="/images/sydw.png" alt="事业单位"' in _text(SPECS["dongshan"])
    assert 'src="/images/dzjg.png" alt="党政机关"' in _text(SPECS["qinghe"])
    assert 'alt="网站标识码：3309250005"' in _text(SPECS["xiling"])
