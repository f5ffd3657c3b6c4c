"""URLs of monitoring (系统监测), mounted under /monitoring/."""

from django.urls import path, re_path

from dgeval.web.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("runs/", views.run_list, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("findings/", views.finding_list, name="findings"),
    path("findings/export.xlsx", views.findings_export, name="findings_export"),
    path("findings/import/", views.findings_import, name="findings_import"),
    path("findings/<int:pk>/", views.finding_detail, name="finding"),
    path("findings/<int:pk>/review/", views.finding_review_view, name="review"),
    path("findings/<int:pk>/rectify/", views.finding_rectify_view, name="rectify"),
    path("findings/<int:pk>/appeal/", views.appeal_create_view, name="appeal"),
    path("findings/<int:pk>/archive/", views.finding_archive, name="archive"),
    path("rectification/", views.rectification, name="rectification"),
    path("appeals/", views.appeal_list, name="appeals"),
    path("appeals/<int:pk>/decide/", views.appeal_decide_view, name="decide"),
    path("appeals/<int:pk>/reopen/", views.appeal_reopen_view, name="reopen"),
    path("runs/<int:pk>/cancel/", views.run_cancel, name="run_cancel"),
    path("availability/", views.availability_list, name="availability"),
    re_path(r"^availability\.(?P<fmt>xlsx|csv)$", views.availability_export, name="availability_export"),
    path("targets/<str:code>/availability/", views.target_availability, name="target_availability"),
    path("targets/<str:code>/recheck/", views.recheck, name="recheck"),
]
