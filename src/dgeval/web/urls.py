"""Root URL configuration: one prefix per app; each app lists its own pages in its urls.py."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from dgeval.web import views

admin.site.site_header = _("数字政府评估平台管理后台")
admin.site.site_title = _("数字政府评估平台")
admin.site.index_title = _("数据管理")

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("dgeval.web.accounts.urls")),
    path("audit/", include("dgeval.web.audit.urls")),
    path("notifications/", include("dgeval.web.notifications.urls")),
    path("campaigns/", include("dgeval.web.campaigns.urls")),
    path("targets/", include("dgeval.web.targets.urls")),
    path("registration/", include("dgeval.web.registration.urls")),
    path("consultation/", include("dgeval.web.consultation.urls")),
    path("monitoring/", include("dgeval.web.monitoring.urls")),
    path("scores/", include("dgeval.web.scores.urls")),
    path("collection/", include("dgeval.web.collection.urls")),
    path("foi/", include("dgeval.web.foi.urls")),
    path("newmedia/", include("dgeval.web.newmedia.urls")),
    path("results/", include("dgeval.web.publication.urls")),
    path("captcha/", include("captcha.urls")),
    path("cases/", include("dgeval.web.cases.urls")),
    path("vote/", include("dgeval.web.voting.urls")),
    path("awards/", include("dgeval.web.awards.urls")),
    path("me/", include("dgeval.web.dashboards.urls")),
]
