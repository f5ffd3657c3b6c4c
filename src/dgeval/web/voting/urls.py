"""URLs of the public vote, mounted under /vote/."""

from django.urls import path

from dgeval.web.voting import views

app_name = "vote"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/code/", views.code_request, name="code"),
    path("<int:pk>/confirm/", views.code_confirm, name="confirm"),
    path("<int:pk>/cases/<int:case_pk>/", views.vote_cast, name="cast"),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:pk>/", views.manage_round, name="manage_round"),
    path("manage/<int:pk>/publish/", views.publish, name="publish"),
    path("manage/<int:pk>/void/", views.void, name="void"),
    path("manage/<int:pk>/totals.<str:fmt>", views.export_totals, name="export"),
]
