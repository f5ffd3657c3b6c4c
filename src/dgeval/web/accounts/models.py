"""The platform user: a Django user with a role and, for webmasters, the target they answer for."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from dgeval.web.accounts.roles import Role


class User(AbstractUser):
    """A platform account. Webmasters are bound to one target; team members to none."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.EVALUATOR)
    target = models.ForeignKey(
        "targets.Target",
        verbose_name=_("所属评估对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="webmasters",
        help_text=_("仅网站主管单位账户需要"),
    )
    display_name = models.CharField(_("显示名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def clean(self) -> None:
        """A webmaster must be bound to a target; nobody else may be."""
        super().clean()
        if self.role == Role.WEBMASTER and self.target_id is None:
            raise ValidationError({"target": _("网站主管单位账户必须指定所属评估对象")})
        if self.role != Role.WEBMASTER and self.target_id is not None:
            raise ValidationError({"target": _("只有网站主管单位账户可以指定评估对象")})
