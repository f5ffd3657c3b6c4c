"""wrong_word: dictionary errors in visible text and attachments are reported once per page; correct forms,
near-misses and hidden markup are not (fixtures in fixtures/wrong_word, expectations in its cases.toml)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dgeval.errors import CheckError
from dgeval.monitor.checks import _misspellings, wrong_word
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Page
from tests.monitor.checks._site import ROOT, cases, findings_of, fixture_files, make_site, page_site

CASES = cases("wrong_word")
SHIPPED = CheckConfig().wrong_words_files


def _page(body: str) -> Page:
    url = ROOT + "news/1.html"
    return Page(url=url, final_url=url, status=200, headers={}, content_type="text/html",
                text=f"<html><body>{body}</body></html>")


def _dictionary(tmp_path: Path, text: str) -> CheckConfig:
    path = tmp_path / "words.txt"
    path.write_text(text, encoding="utf-8")
    return CheckConfig(wrong_words_files=(path,), official_names_files=())


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(CASES) == fixture_files("wrong_word")


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture(name: str) -> None:
    site = page_site("wrong_word", name)
    findings = findings_of(wrong_word.run(site, CheckConfig()))
    assert sorted(f.value for f in findings) == sorted(CASES[name]["expect"])
    for finding in findings:
        assert finding.severity == "high"
        assert finding.value in finding.evidence["context"].replace(" ", "")
        assert finding.evidence["correct"]


def test_attachment_reported_at_its_url_and_seen_on_the_linking_page() -> None:
    findings = findings_of(wrong_word.run(page_site("wrong_word", "attachment_report.txt"), CheckConfig()))
    assert {(f.url, f.page) for f in findings} == {(ROOT + "files/attachment_report.txt", ROOT + "list.html")}


def test_correction_is_in_the_evidence() -> None:
    (finding,) = findings_of(wrong_word.run(make_site([_page("<p>中华人民共合国</p>")]), CheckConfig()))
    assert finding.evidence["correct"] == "中华人民共和国"


def test_no_shipped_entry_occurs_in_any_correct_form() -> None:
    entries = [e for path in SHIPPED for e in wrong_word.parse_dictionary(path)]
    corrections = "\n".join(e.correct for e in entries if e.correct)
    machine = wrong_word.automaton(tuple(SHIPPED))
    assert list(wrong_word.matches(machine, corrections)) == []
    assert len({e.wrong for e in entries}) == len(entries), "duplicate entries"


def test_exception_phrase_suppresses_the_match_inside_it(tmp_path: Path) -> None:
    config = _dictionary(tmp_path, "共产党圆\t共产党员\t称谓\n!共产党圆满\n")
    text = "<p>中国共产党圆满完成任务。</p><p>优秀共产党圆。</p>"
    findings = findings_of(wrong_word.run(make_site([_page(text)]), config))
    assert [f.value for f in findings] == ["共产党圆"]
    assert "优秀共产党圆" in findings[0].evidence["context"]


def test_campaign_file_extends_the_shipped_dictionary(tmp_path: Path) -> None:
    extra = tmp_path / "campaign.txt"
    extra.write_text("# 2020 campaign additions\n脱贫功坚\t脱贫攻坚\t提法\n", encoding="utf-8")
    config = CheckConfig(wrong_words_files=(*SHIPPED, extra))
    findings = findings_of(wrong_word.run(make_site([_page("<p>脱贫功坚；社会注义</p>")]), config))
    assert sorted(f.value for f in findings) == ["社会注义", "脱贫功坚"]


def test_automaton_is_built_once_per_file_set() -> None:
    assert wrong_word.automaton(tuple(SHIPPED)) is wrong_word.automaton(tuple(SHIPPED))


@pytest.mark.parametrize(
    ("text", "message"),
    [("错字\n", "expected 'wrong<TAB>correct<TAB>note'"), ("主义\t社会主义\t\n", "occurs in its own correction"),
     ("!\n", "needs the legitimate phrase"), ("# only comments\n", "no wrong-word entries")],
)
def test_bad_dictionary_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    config = _dictionary(tmp_path, text)
    with pytest.raises(CheckError, match=message) as info:
        findings_of(wrong_word.run(make_site([_page("<p>x</p>")]), config))
    assert "words.txt" in str(info.value)


def test_missing_dictionary_file_is_a_check_error(tmp_path: Path) -> None:
    config = CheckConfig(wrong_words_files=(tmp_path / "absent.txt",))
    with pytest.raises(CheckError, match="absent.txt"):
        findings_of(wrong_word.run(make_site([_page("<p>x</p>")]), config))


def test_entity_encoded_text_is_read_as_shown() -> None:
    findings = findings_of(wrong_word.run(make_site([_page("<p>&#20013;华人民共合国</p>")]), CheckConfig()))
    assert [f.value for f in findings] == ["中华人民共合国"]


NAMES = CheckConfig().official_names_files
TARGETS = Path(wrong_word.__file__).resolve().parents[2] / "targets" / "data"


def test_official_names_are_many_and_hold_every_target_name() -> None:
    names = {name for path in NAMES for name in _misspellings.read_names(path)}
    assert len(names) >= 500
    for table in ("ministries.csv", "provinces.csv", "key_cities.csv"):
        with open(TARGETS / table, encoding="utf-8") as handle:
            listed = {row["name"] for row in csv.DictReader(handle)}
        assert listed <= names, (table, sorted(listed - names))


def test_no_generated_misspelling_occurs_in_a_name() -> None:
    names = tuple(name for path in NAMES for name in _misspellings.read_names(path))
    generated = _misspellings.misspellings(names)
    assert len(generated) > 10_000
    joined = "\n".join(names)
    assert not any(wrong in joined for wrong in list(generated)[::97])  # a sample: the full check is the build's
    assert "陕西省人民政府" not in generated and "山西省人民政府" not in generated


def test_shipped_misspellings_are_those_the_names_generate() -> None:
    """data/misspellings.tsv is what `python -m dgeval.monitor.checks._misspellings` writes from the shipped names
    and the installed pypinyin, four-corner, 拆字 and jieba data; rerun it when this fails."""
    names = tuple(dict.fromkeys(name for path in NAMES for name in _misspellings.read_names(path)))
    shipped = _misspellings.read_generated(_misspellings.GENERATED_FILE, _misspellings.names_key(names))
    assert shipped is not None, "data/misspellings.tsv was generated from other names"
    assert shipped == _misspellings.generate(names)


def test_other_names_are_generated_as_the_scan_runs(tmp_path: Path) -> None:
    names = (*(name for path in NAMES for name in _misspellings.read_names(path)), "清河县人民政府")
    assert _misspellings.read_generated(_misspellings.GENERATED_FILE, _misspellings.names_key(names)) is None
    assert _misspellings.misspellings(names) == _misspellings.generate(names)
    assert _misspellings.misspellings(names)["清河县人民政符"].correct == "清河县人民政府"
    written = tmp_path / "misspellings.tsv"
    _misspellings.write_generated(written, names)
    assert _misspellings.read_generated(written, _misspellings.names_key(names)) == _misspellings.generate(names)


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("优秀共产党圆带头示范", ["共产党圆"]),  # no reading makes 圆带 a word
        ("全体共产党圆满完成任务", []),  # 圆满 is a common word
        ("中国共产党圆了千年梦想", []),  # 中国共产党 is a name; 圆 starts the next word
        ("推进攻务公开", []),  # 进攻 is a common word
        ("做好攻务公开", ["攻务公开"]),
        ("浙江省人民政府办公听", ["浙江省人民政府办公听"]),  # the longest of overlapping misspellings
    ],
)
def test_generated_misspellings_that_read_correctly_are_not_reported(text: str, reported: list[str]) -> None:
    findings = findings_of(wrong_word.run(make_site([_page(f"<p>{text}</p>")]), CheckConfig()))
    assert [f.value for f in findings] == reported


def test_generated_finding_says_how_the_name_was_misspelt() -> None:
    (finding,) = findings_of(wrong_word.run(make_site([_page("<p>坚决打好三大功坚战。</p>")]), CheckConfig()))
    assert finding.evidence["correct"] == "打好三大攻坚战" and finding.evidence["note"] == "同音字"
