"""Every spreadsheet the platform exports keeps user input as text: a comment or name such as
`=cmd|' /C calc'!A0` never becomes a formula (OWASP CSV injection), in XLSX and in CSV alike."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from model_bakery import baker
from openpyxl import load_workbook

from tests.web.publication.conftest import finding, other_county, published, scored  # noqa: F401  (fixtures)
from tests.web.voting.conftest import *  # noqa: F403  (the case and vote fixtures)

pytestmark = pytest.mark.django_db

PAYLOAD = "=cmd|' /C calc'!A0"


def _payload_cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and cell.value.startswith(PAYLOAD)]
    assert cells, "the payload is not in the workbook as a cell of its own"
    return cells


def _assert_text(content: bytes) -> None:
    for cell in _payload_cells(content):
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


def test_consultation_export(evaluator_client, campaign_2020):
    from datetime import date

    from dgeval.web.consultation.services import comment_post

    comment_post(campaign=campaign_2020, framework="local_site", indicator_code="info.statutory_disclosure",
                 body=PAYLOAD, author_name=PAYLOAD, on=date(2020, 9, 20))
    response = evaluator_client.get(reverse("consultation:export"))
    assert response.status_code == 200
    _assert_text(response.content)


def test_targets_export(evaluator_client, county_target):
    county_target.name = PAYLOAD
    county_target.save()
    _assert_text(evaluator_client.get(reverse("targets:export")).content)


def test_collection_export(evaluator_client, evaluator_user, campaign_2020):
    from dgeval.web.collection.models import WorkItem
    from dgeval.web.targets.models import Target

    target = baker.make(Target, code=PAYLOAD, name="区县", kind="county")
    baker.make(WorkItem, campaign=campaign_2020, target=target, framework="local_site", column="county",
               code="info.statutory_disclosure", assignee=evaluator_user)
    response = evaluator_client.get(reverse("collection:export"))
    assert response.status_code == 200
    _assert_text(response.content)


def test_vote_totals_export(evaluator_client, request):
    from dgeval.web.cases.models import Nomination

    vote_round = request.getfixturevalue("vote_round")
    Nomination.objects.update(unit_name=PAYLOAD)
    for fmt in ("xlsx", "csv"):
        response = evaluator_client.get(reverse("vote:export", args=[vote_round.pk, fmt]))
        assert response.status_code == 200
    _assert_text(evaluator_client.get(reverse("vote:export", args=[vote_round.pk, "xlsx"])).content)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["'" + PAYLOAD] * 2 == [cell for row in rows for cell in row if PAYLOAD in cell]


@pytest.fixture
def published_with_payload(county_target, request):
    county_target.name = PAYLOAD
    county_target.save()
    return request.getfixturevalue("published")


def test_open_data_csv_and_xlsx(anonymous_client, published_with_payload):
    year = published_with_payload.campaign.year
    response = anonymous_client.get(f"/results/{year}/local_site/county.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["'" + PAYLOAD] == [cell for row in rows for cell in row if PAYLOAD in cell]
    _assert_text(anonymous_client.get(f"/results/{year}/local_site/county.xlsx").content)


def test_report_workbooks(anonymous_client, published_with_payload, county_target):
    year = published_with_payload.campaign.year
    national = anonymous_client.get(reverse("publication:national", args=[year, "xlsx"]))
    _assert_text(b"".join(national.streaming_content))
    own = anonymous_client.get(reverse("publication:target_report",
                                       args=[year, county_target.code, "local_site", "xlsx"]))
    _assert_text(b"".join(own.streaming_content))


def test_score_results_workbook(tmp_path: Path):
    source = Path(__file__).parents[2] / "examples" / "2020" / "local_site_city.csv"
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].rstrip(",") + f',"{PAYLOAD}","{PAYLOAD}"' if lines[1].endswith(",,") else lines[1]
    scores = tmp_path / "scores.csv"
    scores.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "results.xlsx"
    proc = subprocess.run([sys.executable, "-m", "dgeval.cli", "score", "local_site", "--column", "city", "--input",
                           str(scores), "--output", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    _assert_text(out.read_bytes())
