"""Model fields the apps share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from dgeval.web.common import clock


class ClockStampField(models.DateTimeField):
    """A creation (`auto_now_add`) or change (`auto_now`) stamp read from the platform's clock.

    Django's own stamps read the real time; a campaign run or shown on another day (`DGEVAL_TODAY`) would then show
    records made "today" on two different dates. Like Django's, the stamp is not editable in forms.
    """

    def pre_save(self, model_instance: models.Model, add: bool) -> dt.datetime | Any:
        if self.auto_now or (self.auto_now_add and add):
            value = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)
