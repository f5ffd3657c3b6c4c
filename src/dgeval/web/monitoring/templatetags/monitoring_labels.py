"""Template filters showing the monitor's code values in Chinese: `{{ f.check_name|check_label }}`, `|severity`."""

from django import template

from dgeval.web.monitoring import labels

register = template.Library()

register.filter("check_title", labels.check_title)
register.filter("check_label", labels.check_label)
register.filter("severity", labels.severity_label)
register.filter("run_options", labels.run_options_text)
register.filter("observed", labels.observed_text)
register.filter("percent", labels.percent_text)


@register.filter("failure")
def failure(error: str | None) -> str:
    """A stored fetch or probe failure ("FetchError: [Errno -2] …") as a Chinese sentence."""
    from dgeval.monitor.failures import failure_sentence

    return failure_sentence(error)
