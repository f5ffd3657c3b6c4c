"""URLs of 依申请公开, mounted under /foi/."""

from django.urls import path

from dgeval.web.foi import views

app_name = "foi"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_create, name="create"),
    path("export.xlsx", views.register_export, name="export"),
    path("import/", views.register_import, name="import"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/acknowledge/", views.request_acknowledge, name="acknowledge"),
    path("<int:pk>/answer/", views.request_answer, name="answer"),
    path("<int:pk>/score/", views.request_score, name="score"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/close/", views.request_close, name="close"),
]
