"""Other projects' apps under names the platform's readers understand.

django-axes and django-simple-captcha have no Chinese catalogue, and their app names ("Axes", "Captcha") are not
marked for translation at all; the admin index lists them among the platform's apps. Their model names are
translated in the platform's catalogue (scripts/messages.py THIRD_PARTY); the app names are set here.
"""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    verbose_name = _("登录保护")


class CaptchaConfig(AppConfig):
    name = "captcha"
    verbose_name = _("图片验证码")
