"""URLs of 政务新媒体, mounted under /newmedia/."""

from django.urls import path

from dgeval.web.newmedia import views

app_name = "newmedia"

urlpatterns = [
    path("", views.index, name="index"),
    path("accounts/import/", views.accounts_import, name="accounts_import"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("accounts/<int:pk>/", views.account_detail, name="account"),
    path("accounts/<int:pk>/edit/", views.account_edit, name="account_edit"),
    path("accounts/<int:pk>/import/<str:kind>/", views.account_data_import, name="data_import"),
    path("owners/<str:code>/<str:platform>/", views.platform_detail, name="platform"),
    path("owners/<str:code>/<str:platform>/confirm/", views.findings_confirm, name="confirm"),
    path("checks/run/", views.checks_run, name="run"),
    path("findings/<int:pk>/review/", views.finding_review, name="review"),
    path("rankings/", views.rankings, name="rankings"),
    path("policy/", views.policy_edit, name="policy"),
]
