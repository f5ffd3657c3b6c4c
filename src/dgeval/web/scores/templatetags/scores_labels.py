"""Template filter naming an evaluation in Chinese: `{{ item.framework|evaluation:item.column }}`."""

from django import template

from dgeval.web.scores.labels import evaluation_label

register = template.Library()

register.filter("evaluation", evaluation_label)
