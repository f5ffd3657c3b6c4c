"""Leaf scores become parts with structured provenance.

The old `LeafScore.source_id` strings ("run:12;findings:3,4", a manual score's id, a request's id, a file name) are
read once into `ScorePart` rows whose source is a generic foreign key and whose findings or manual scores are
`ScoreEvidence` rows; a string that names no record is kept as the part's `source_label`, so nothing is lost.
"""

from django.conf import settings
from django.db import migrations


def _leaf_facts(leaf, cache):
    """(leaf maximum, monitor share) from the campaign's framework data; (None, None) when it cannot be read."""
    from dgeval.errors import FrameworkError
    from dgeval.framework import load_framework
    from dgeval.framework.load import DATA_DIR
    from dgeval.framework.rules import load_finding_rules
    from dgeval.scoring import leaf_max

    year = leaf.campaign.framework_year
    data_dir = getattr(settings, "DGEVAL_FRAMEWORK_DIR", None) or DATA_DIR
    key = (year, leaf.framework, leaf.column, leaf.code)
    if key not in cache:
        try:
            fw = load_framework(leaf.framework, year, data_dir)
            maximum = leaf_max(fw, fw.indicator(leaf.code), leaf.column) if fw.has(leaf.code) else None
            share = load_finding_rules(year, data_dir).monitor_share(leaf.framework, leaf.code)
        except FrameworkError:
            maximum, share = None, None
        cache[key] = (maximum, share)
    return cache[key]


def _finding_source(text):
    """("run:12;findings:3,4") → (12, [3, 4]); (None, []) for anything else."""
    run_id, findings = None, []
    for piece in text.split(";"):
        kind, _, ids = piece.partition(":")
        if kind == "run" and ids.isdigit():
            run_id = int(ids)
        elif kind == "findings":
            findings = [int(i) for i in ids.split(",") if i.isdigit()]
    return run_id, findings


def parts_from_source_strings(apps, schema_editor):
    LeafScore = apps.get_model("scores", "LeafScore")
    ScorePart = apps.get_model("scores", "ScorePart")
    ScoreEvidence = apps.get_model("scores", "ScoreEvidence")
    ContentType = apps.get_model("contenttypes", "ContentType")
    RunTarget = apps.get_model("monitoring", "RunTarget")
    FindingRecord = apps.get_model("monitoring", "FindingRecord")
    ManualScore = apps.get_model("collection", "ManualScore")
    FoiRequest = apps.get_model("foi", "FoiRequest")

    def content_type(model):
        return ContentType.objects.get_or_create(app_label=model._meta.app_label, model=model._meta.model_name)[0]

    cache = {}
    for leaf in LeafScore.objects.select_related("campaign").order_by("pk"):
        maximum, share = _leaf_facts(leaf, cache)
        maximum = leaf.points if maximum is None else max(float(maximum), leaf.points)
        text = leaf.source_id or ""
        part = ScorePart(leaf=leaf, slot="person", source_kind=leaf.source_kind, points=leaf.points,
                         claimed_points=leaf.points, max_points=maximum, claimed_max_points=maximum,
                         reason=leaf.reason, updated_by_id=leaf.updated_by_id)
        source, evidence = None, []
        if leaf.source_kind == "finding":
            run_id, finding_ids = _finding_source(text)
            part.slot = "monitor"
            part.max_points = part.claimed_max_points = max(round((share or 1.0) * maximum, 6), leaf.points)
            source = RunTarget.objects.filter(run_id=run_id, target_id=leaf.target_id).first() if run_id else None
            evidence = list(FindingRecord.objects.filter(pk__in=finding_ids))
            leaf.state = "deducted" if finding_ids else "clean"
        elif leaf.source_kind == "manual" and text.isdigit():
            score = ManualScore.objects.filter(pk=int(text)).select_related("work_item").first()
            if score is not None:
                source, evidence = score.work_item, [score]
        elif leaf.source_kind == "foi" and text.isdigit():
            source = FoiRequest.objects.filter(pk=int(text)).first()
        if source is not None:
            part.source_type, part.source_object_id = content_type(type(source)), source.pk
        else:
            part.source_label = text[:300]
        part.save()
        for record in evidence:
            ScoreEvidence.objects.create(part=part, content_type=content_type(type(record)), object_id=record.pk)
        leaf.maximum = maximum
        leaf.save(update_fields=["maximum", "state"])


class Migration(migrations.Migration):

    dependencies = [
        ('scores', '0002_score_parts'),
        # The records the old source strings named: read once, to link them.
        ('monitoring', '0001_initial'),
        ('collection', '0001_initial'),
        ('foi', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(parts_from_source_strings, migrations.RunPython.noop),
    ]
