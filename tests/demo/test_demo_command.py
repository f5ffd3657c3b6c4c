"""`dgeval demo --no-serve` end to end, in a subprocess on a temporary data dir (its own SQLite database)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys


def test_demo_no_serve_builds_everything_and_prints_the_ranking(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DGEVAL_")) and k != "DATABASE_URL"}
    data_dir = tmp_path / "demo"
    proc = subprocess.run(
        [sys.executable, "-m", "dgeval.web.cli", "demo", "--no-serve", "--data-dir", str(data_dir)],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    assert "local_site/county" in out and "排名" in out
    for name in ("清河县人民政府", "临川区人民政府", "东山县人民政府", "南湖区人民政府", "西岭县人民政府"):
        assert name in out
    assert "admin" in out and "demo-admin-2020" in out and "webmaster_dongshan" in out

    db = sqlite3.connect(data_dir / "demo.sqlite3")
    try:
        checks = {row[0] for row in db.execute("select check_name from monitoring_findingrecord")}
        assert {"id_number_leak", "wrong_word", "broken_link", "stale_column", "blank_column",
                "orphan_interpretation", "overdue_message"} <= checks
        statuses = {row[0] for row in db.execute("select status from monitoring_findingrecord")}
        assert {"confirmed", "pending", "closed"} <= statuses
        # 整改: every confirmed finding sent with a deadline, some overdue by the demo's today; one rechecked and
        # closed, one rechecked and reopened; the webmasters notified.
        assert db.execute("select count(*) from monitoring_findingrecord where status in ('confirmed', 'closed') "
                          "and deadline is null and campaign_id = (select id from campaigns_campaign "
                          "where year = 2020)").fetchone()[0] == 0
        assert db.execute("select count(*) from monitoring_findingrecord where status = 'confirmed' "
                          "and deadline < '2020-11-20'").fetchone()[0] > 0
        rechecked = dict(db.execute("select f.status, r.kind from monitoring_findingrecord f join monitoring_scanrun r "
                                    "on f.recheck_run_id = r.id"))
        assert rechecked == {"closed": "recheck", "confirmed": "recheck"}
        assert db.execute("select count(*) from notifications_notification").fetchone()[0] >= 5
        sources = {row[0] for row in db.execute("select distinct source_kind from scores_scorepart")}
        assert {"finding", "manual", "foi", "import"} <= sources
        states = {row[0] for row in db.execute("select distinct state from scores_leafscore")}
        assert {"deducted", "clean", "not_observed"} <= states
        assert db.execute("select count(*) from scores_scoreevidence").fetchone()[0] > 0
        unjudged = [reason for (stats,) in db.execute("select stats from monitoring_runtarget")
                    for reason in json.loads(stats).get("unjudged", ())]
        assert {entry["url"].rsplit("/", 1)[-1] for entry in unjudged} == {"2012nj.html"}
        assert unjudged[0]["reason"].startswith("页面过深，未能判断")
        appeals = {row[0] for row in db.execute("select status from monitoring_appeal")}
        assert appeals == {"open", "rejected"}
        waiting = db.execute("select reconciler_id from collection_workitem where status = 'needs_reconcile'")
        assert all(row[0] is not None for row in waiting)
        assert db.execute("select count(*) from audit_auditentry where action = 'score.set'").fetchone()[0] > 100
        # 政务新媒体: the checks' parts in the three states, naming the check run, with the findings as evidence.
        new_media = set(db.execute(
            "select l.state, t.model from scores_scorepart p join scores_leafscore l on p.leaf_id = l.id "
            "join django_content_type t on p.source_type_id = t.id where p.source_kind = 'new_media'"))
        assert new_media == {("deducted", "platformcheck"), ("clean", "platformcheck"),
                             ("not_observed", "platformcheck")}
        assert db.execute("select count(*) from scores_scoreevidence e join django_content_type t "
                          "on e.content_type_id = t.id where t.model = 'accountfinding'").fetchone()[0] >= 10
        # 可用性监测: at least 20 probes a day per county over the window, one county's 故障率 above 5 %, and 故障率
        # in the monitor's part of 日常运维.
        per_day = db.execute("select min(n) from (select target_id, date(due_at) d, count(*) n "
                             "from monitoring_proberecord group by target_id, d having d > '2020-09-01' "
                             "and d < '2020-11-19')").fetchone()[0]
        assert per_day >= 20
        rates = [failed / total for failed, total in db.execute(
            "select sum(not ok), count(*) from monitoring_proberecord group by target_id")]
        assert len(rates) == 5 and sum(rate >= 0.05 for rate in rates) == 1
        details = [row[0] for row in db.execute("select p.detail from scores_scorepart p join scores_leafscore l "
                                                "on p.leaf_id = l.id where l.code = 'management.daily_operation' "
                                                "and p.source_kind = 'finding'")]
        assert any('"availability"' in detail for detail in details)
    finally:
        db.close()
    assert list((data_dir / "warc").glob("run-*/*.warc.gz"))
    assert "检查结论不合格 1 个" in out


def test_demo_keeps_its_database_unless_reset(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DGEVAL_")) and k != "DATABASE_URL"}
    data_dir = tmp_path / "demo"

    def demo(*extra: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "dgeval.web.cli", "demo", "--no-serve", "--data-dir", str(data_dir), *extra],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        return proc.stdout

    demo()
    db = sqlite3.connect(data_dir / "demo.sqlite3")
    try:
        db.execute("insert into audit_auditentry (at, action, object_type, object_id, object_repr, before, "
                    "after, reason) select at, 'visitor.note', object_type, object_id, object_repr, before, "
                    "after, '访客留下的记录' from audit_auditentry limit 1")
        db.commit()
    finally:
        db.close()
    again = demo()
    assert "沿用已建好的演示" in again and "清河县人民政府" in again

    def visitor_notes() -> int:
        db = sqlite3.connect(data_dir / "demo.sqlite3")
        try:
            return db.execute("select count(*) from audit_auditentry where action = 'visitor.note'").fetchone()[0]
        finally:
            db.close()

    assert visitor_notes() == 1  # what the visitor did is still there
    rebuilt = demo("--reset")
    assert "沿用" not in rebuilt and visitor_notes() == 0
