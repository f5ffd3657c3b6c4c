"""The old free-form source fields of a leaf score are gone: its parts carry the provenance."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('scores', '0003_parts_from_source_strings'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='leafscore',
            name='reason',
        ),
        migrations.RemoveField(
            model_name='leafscore',
            name='source_id',
        ),
        migrations.RemoveField(
            model_name='leafscore',
            name='source_kind',
        ),
        migrations.RemoveField(
            model_name='leafscore',
            name='updated_by',
        ),
    ]
