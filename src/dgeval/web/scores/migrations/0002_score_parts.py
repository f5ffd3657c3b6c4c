"""Leaf scores become parts: `ScorePart` with a generic source and `ScoreEvidence` (data moved by 0003)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('scores', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='leafscore',
            name='maximum',
            field=models.FloatField(default=0.0, verbose_name='分值'),
        ),
        migrations.AddField(
            model_name='leafscore',
            name='state',
            field=models.CharField(blank=True, choices=[('deducted', '已扣分'), ('clean', '未发现问题'), ('not_observed', '未观察到，转人工采集')], max_length=16, verbose_name='系统监测状态'),
        ),
        migrations.AlterField(
            model_name='leafscore',
            name='points',
            field=models.FloatField(default=0.0, verbose_name='得分'),
        ),
        migrations.CreateModel(
            name='ScorePart',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slot', models.CharField(choices=[('monitor', '系统监测部分'), ('person', '人工部分'), ('bonus', '加分')], max_length=8, verbose_name='部分')),
                ('source_kind', models.CharField(choices=[('finding', '系统监测'), ('manual', '人工采集'), ('foi', '依申请公开'), ('import', '导入'), ('new_media', '政务新媒体'), ('bonus', '加分项')], max_length=16, verbose_name='来源')),
                ('points', models.FloatField(verbose_name='得分')),
                ('max_points', models.FloatField(verbose_name='本部分满分')),
                ('claimed_points', models.FloatField(verbose_name='来源给分')),
                ('claimed_max_points', models.FloatField(verbose_name='来源所覆盖的分值')),
                ('source_object_id', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='来源记录')),
                ('source_label', models.CharField(blank=True, max_length=300, verbose_name='来源说明')),
                ('reason', models.TextField(blank=True, verbose_name='说明')),
                ('detail', models.JSONField(blank=True, default=dict, verbose_name='规则明细')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('leaf', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parts', to='scores.leafscore', verbose_name='指标得分')),
                ('source_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='来源类型')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='评分人')),
            ],
            options={
                'verbose_name': '得分组成',
                'verbose_name_plural': '得分组成',
                'ordering': ['leaf', 'slot', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ScoreEvidence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField(verbose_name='记录')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='记录类型')),
                ('part', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='scores.scorepart', verbose_name='得分组成')),
            ],
            options={
                'verbose_name': '得分依据',
                'verbose_name_plural': '得分依据',
                'ordering': ['part', 'content_type', 'object_id'],
            },
        ),
        migrations.AddConstraint(
            model_name='scorepart',
            constraint=models.UniqueConstraint(condition=models.Q(('slot', 'bonus'), _negated=True), fields=('leaf', 'slot'), name='scores_part_one_per_slot'),
        ),
        migrations.AddConstraint(
            model_name='scorepart',
            constraint=models.UniqueConstraint(condition=models.Q(('slot', 'bonus')), fields=('leaf', 'source_type', 'source_object_id'), name='scores_part_one_bonus_per_source'),
        ),
        migrations.AddConstraint(
            model_name='scoreevidence',
            constraint=models.UniqueConstraint(fields=('part', 'content_type', 'object_id'), name='scores_evidence_unique'),
        ),
    ]
