"""New-media points name their check run and findings as records.

The new-media checks wrote their points with a source string ("newmedia:330100/wechat;newmedia_findings:3,4"), which
the scores migration kept as the part's label. Here each such part becomes a new-media part whose source is the
owner's check run on the platform and whose evidence is the findings it counted, and the leaf gets its state back
(deducted when findings were counted, clean otherwise). A string whose check run no longer exists keeps its label.
"""

from django.db import migrations

PREFIX = "newmedia:"


def _finding_ids(text):
    """"newmedia:330100/wechat;newmedia_findings:3,4" → [3, 4]."""
    for piece in text.split(";"):
        kind, _, ids = piece.partition(":")
        if kind == "newmedia_findings":
            return [int(i) for i in ids.split(",") if i.isdigit()]
    return []


def parts_from_newmedia_strings(apps, schema_editor):
    ScorePart = apps.get_model("scores", "ScorePart")
    ScoreEvidence = apps.get_model("scores", "ScoreEvidence")
    ContentType = apps.get_model("contenttypes", "ContentType")
    PlatformCheck = apps.get_model("newmedia", "PlatformCheck")
    AccountFinding = apps.get_model("newmedia", "AccountFinding")

    def content_type(model):
        return ContentType.objects.get_or_create(app_label=model._meta.app_label, model=model._meta.model_name)[0]

    for part in ScorePart.objects.filter(source_label__startswith=PREFIX).select_related("leaf").order_by("pk"):
        leaf = part.leaf
        check = PlatformCheck.objects.filter(campaign_id=leaf.campaign_id, target_id=leaf.target_id,
                                             platform=leaf.column).first()
        findings = list(AccountFinding.objects.filter(pk__in=_finding_ids(part.source_label)).order_by("pk"))
        part.source_kind = "new_media"
        if check is not None:
            part.source_type, part.source_object_id, part.source_label = content_type(PlatformCheck), check.pk, ""
        part.save()
        for finding in findings:
            ScoreEvidence.objects.get_or_create(part=part, content_type=content_type(AccountFinding),
                                                object_id=finding.pk)
        leaf.state = "deducted" if findings else "clean"
        leaf.save(update_fields=["state"])


class Migration(migrations.Migration):

    dependencies = [
        ('newmedia', '0001_initial'),
        ('scores', '0004_remove_leafscore_source_fields'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(parts_from_newmedia_strings, migrations.RunPython.noop),
    ]
