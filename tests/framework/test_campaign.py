"""Campaign facts: which evaluations each target kind takes and which leaf 依申请公开 scores, read from data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dgeval.errors import FrameworkError
from dgeval.framework.campaign import load_campaign_facts

FIXTURES = Path(__file__).parent / "fixtures"
KINDS = ("province", "key_city", "city", "county", "ministry", "corps")
CHANNELS = ("website", "weibo", "wechat", "app", "mini_program")


def test_2020_facts_from_the_plan():
    facts = load_campaign_facts(2020, kinds=KINDS)
    assert facts.evaluations_of("county") == (("local_site", "county"),)
    assert facts.evaluations_of("key_city") == (("local_site", "city"), ("digital_gov", "government"))
    assert facts.evaluations_of("ministry") == (("ministry_site", "ministry"),)
    assert facts.rankings == (("local_site", "province"), ("local_site", "city"), ("local_site", "county"),
                              ("digital_gov", "government"), ("ministry_site", "ministry"),
                              ("new_media", "wechat"), ("new_media", "app"), ("new_media", "weibo"))
    assert (facts.foi_leaf, facts.foi_answer_working_days) == ("info.on_request_disclosure", 20)


def test_2020_new_media_by_the_accounts_a_target_has():
    facts = load_campaign_facts(2020, kinds=KINDS, channels=CHANNELS)
    assert facts.evaluations_of("ministry", {"website", "weibo", "mini_program"}) == (
        ("ministry_site", "ministry"), ("new_media", "wechat"), ("new_media", "weibo"))
    assert facts.evaluations_of("province", {"app"})[-1] == ("new_media", "app")
    # Counties and cities are not in the plan's new-media scope, whatever accounts they have.
    assert facts.evaluations_of("county", {"wechat", "weibo"}) == (("local_site", "county"),)
    assert facts.channel_kinds_of(("new_media", "wechat")) == {"wechat", "mini_program"}
    assert facts.kinds_by_channel("new_media") == {"ministry", "province", "corps", "key_city"}


def test_a_new_year_is_a_new_folder():
    facts = load_campaign_facts(2021, FIXTURES)
    assert facts.evaluations_of("county") == (("mini_site", "county"),)
    assert facts.evaluations_of("ministry") == ()
    assert facts.rankings == (("mini_site", "city"), ("mini_site", "county"))
    assert facts.foi_leaf is None


@pytest.fixture
def year_dir(tmp_path: Path):
    """A copy of the 2021 fixture folder whose campaign file each test rewrites."""
    shutil.copytree(FIXTURES / "2021", tmp_path / "2021")

    def write(body: str) -> Path:
        (tmp_path / "2021" / "rules" / "campaign.toml").write_text(body, encoding="utf-8")
        return tmp_path

    return write


GOOD = 'year = 2021\n[evaluations]\ncounty = ["mini_site/county"]\n'
BY_CHANNEL = '[[channel_evaluations]]\nevaluation = "mini_site/city"\nchannels = ["weibo"]\nkinds = ["city"]\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("extra = 1\n" + GOOD, "unknown key(s) at top level: extra"),
        (GOOD.replace("2021", "2020", 1), "year = 2020; expected 2021"),
        ("year = 2021\n", "evaluations: expected a table"),
        (GOOD.replace('["mini_site/county"]', "[]"), "evaluations.county = []"),
        (GOOD.replace("mini_site/county", "local_site/county"), "'local_site' is not a framework of this year"),
        (GOOD.replace("mini_site/county", "mini_site/town"), "has no column 'town' (known: city, county)"),
        (GOOD.replace('["mini_site/county"]', '["mini_site/county", "mini_site/county"]'), "listed twice"),
        (GOOD + '[foi]\nleaf = "no.such"\n', "foi.leaf = 'no.such': not a leaf that applies"),
        (GOOD + '[foi]\nleaf = "service.guide"\n', "foi.leaf = 'service.guide'"),  # "—" in county
        (GOOD + '[foi]\nleaf = "info.news"\nanswer_working_days = 0\n', "answer_working_days = 0"),
        (GOOD + '[foi]\nreply = 1\n', "foi: unknown key(s): reply"),
        (GOOD + '[rectification]\nworking_days = 0\n', "rectification.working_days = 0"),
        (GOOD + '[rectification]\nworking_days = 3\nremind_working_days = 3\n', "remind_working_days = 3"),
        (GOOD + '[rectification]\ndays = 3\n', "rectification: unknown key(s): days"),
        ("year = \n", "not valid TOML"),
        ("channel_evaluations = 1\n" + GOOD, "channel_evaluations: expected [[channel_evaluations]] tables"),
        (GOOD + BY_CHANNEL.replace("mini_site/city", "mini_site/town"), "channel_evaluations 1: evaluation: "
         "'mini_site/town': framework 'mini_site' has no column 'town'"),
        (GOOD + BY_CHANNEL.replace('channels = ["weibo"]\n', ""), "channel_evaluations 1: missing channels"),
        (GOOD + BY_CHANNEL.replace('["weibo"]', "[]"), "channel_evaluations 1: channels = []"),
        (GOOD + BY_CHANNEL + "site = 1\n", "channel_evaluations 1: unknown key(s): site"),
        (GOOD + BY_CHANNEL.replace("mini_site/city", "mini_site/county").replace('"city"', '"county"'),
         "'mini_site/county' is already under evaluations.county"),
        (GOOD + BY_CHANNEL * 2, "channel_evaluations 2: 'mini_site/city' is listed twice for 'city'"),
    ],
)
def test_bad_file_names_the_file_and_the_field(year_dir, body, message):
    with pytest.raises(FrameworkError) as exc:
        load_campaign_facts(2021, year_dir(body))
    assert "2021/rules/campaign.toml" in str(exc.value) and message in str(exc.value)


def test_foi_leaf_that_applies_is_accepted(year_dir):
    facts = load_campaign_facts(2021, year_dir(GOOD + '[foi]\nleaf = "service.forms"\nanswer_working_days = 15\n'))
    assert (facts.foi_leaf, facts.foi_answer_working_days) == ("service.forms", 15)


def test_rectification_days_are_optional(year_dir):
    assert load_campaign_facts(2021, year_dir(GOOD)).rectification_working_days is None
    facts = load_campaign_facts(2021, year_dir(GOOD + '[rectification]\nworking_days = 5\nremind_working_days = 1\n'))
    assert (facts.rectification_working_days, facts.rectification_remind_working_days) == (5, 1)


def test_unknown_target_kind_is_refused(year_dir):
    with pytest.raises(FrameworkError, match="unknown target kind 'countty'"):
        load_campaign_facts(2021, year_dir(GOOD.replace("county =", "countty =")), kinds=KINDS)


def test_unknown_kinds_by_channel_are_refused(year_dir):
    folder = year_dir(GOOD + BY_CHANNEL.replace('["city"]', '["citty"]'))
    with pytest.raises(FrameworkError, match="channel_evaluations 1: kinds: unknown target kind 'citty'"):
        load_campaign_facts(2021, folder, kinds=KINDS)
    folder = year_dir(GOOD + BY_CHANNEL.replace('["weibo"]', '["weixin"]'))
    with pytest.raises(FrameworkError, match="channel_evaluations 1: channels: unknown channel kind 'weixin'"):
        load_campaign_facts(2021, folder, kinds=KINDS, channels=CHANNELS)


def test_an_evaluation_by_channel_is_ranked_and_taken_with_the_channel(year_dir):
    facts = load_campaign_facts(2021, year_dir(GOOD + BY_CHANNEL), kinds=KINDS, channels=CHANNELS)
    assert facts.rankings == (("mini_site", "city"), ("mini_site", "county"))
    assert facts.evaluations_of("city") == ()
    assert facts.evaluations_of("city", {"weibo"}) == (("mini_site", "city"),)


def test_missing_file_names_the_expected_path(tmp_path):
    with pytest.raises(FrameworkError, match="no campaign facts for year 2022: expected .*2022/rules/campaign.toml"):
        load_campaign_facts(2022, tmp_path)
