"""`dgeval campaign scan` / `ranking` against the test database and a loopback demo portal."""

from __future__ import annotations

import pytest

from dgeval.web.cli import main
from dgeval.web.monitoring.models import FindingRecord, ScanRun

pytestmark = pytest.mark.django_db


def test_campaign_scan_by_code(campaign_2020, demo_target, capsys):
    code = main(["campaign", "scan", "--targets", demo_target.code, "--external", "skip",
                 "--as-of", "2020-11-20", "--max-pages", "100"])
    out = capsys.readouterr().out
    assert code == 0 and demo_target.name in out and "已完成" in out
    run = ScanRun.objects.get()
    assert run.created_by is None and run.options["as_of"] == "2020-11-20"
    assert FindingRecord.objects.filter(check_name="id_number_leak").exists()


def test_campaign_scan_unknown_code_exits_2(campaign_2020, capsys):
    assert main(["campaign", "scan", "--targets", "nope"]) == 2
    assert "unknown target code(s): nope" in capsys.readouterr().err


def test_campaign_probe_records_availability(campaign_2020, demo_target):
    assert main(["campaign", "scan", "--probe", "--targets", demo_target.code]) == 0
    part = ScanRun.objects.get().run_targets.get()
    assert part.stats["probes"][0]["ok"] is True and not FindingRecord.objects.exists()


def test_campaign_ranking_prints_rows(campaign_2020, demo_target, capsys):
    main(["campaign", "scan", "--targets", demo_target.code, "--external", "skip",
          "--as-of", "2020-11-20"])
    capsys.readouterr()
    assert main(["campaign", "ranking", "--framework", "local_site", "--column", "county"]) == 0
    assert demo_target.name in capsys.readouterr().out


@pytest.mark.parametrize("command", ["worker", "beat"])
def test_worker_and_beat_need_a_broker(command, monkeypatch, capsys):
    monkeypatch.delenv("DGEVAL_BROKER_URL", raising=False)
    with pytest.raises(SystemExit) as stop:
        main([command])
    assert stop.value.code == 2 and "DGEVAL_BROKER_URL" in capsys.readouterr().err
