from django.urls import path

from dgeval.web.consultation import views

app_name = "consultation"

urlpatterns = [
    path("", views.consultation_index, name="index"),
    path("export.xlsx", views.comments_export, name="export"),
    path("comments/", views.comments_list, name="comments"),
    path("comments/<int:pk>/answer/", views.comment_answer_view, name="answer"),
    path("comments/<int:pk>/hide/", views.comment_hide_view, name="hide"),
    path("<str:name>/", views.framework_detail, name="framework"),
    path("<str:name>/<str:code>/", views.indicator_detail, name="indicator"),
]
