"""URLs of scores and rankings, mounted under /scores/."""

from django.urls import path

from dgeval.web.scores import views

app_name = "scores"

urlpatterns = [
    path("", views.index, name="index"),
    path("ranking/<str:framework>/<str:column>/", views.ranking, name="ranking"),
    path("targets/<str:code>/<str:framework>/<str:column>/", views.target_detail, name="target"),
    path("targets/<str:code>/<str:framework>/<str:column>/leaves/<str:leaf>/", views.leaf_detail, name="leaf"),
    path("targets/<str:code>/<str:framework>/<str:column>/leaves/<str:leaf>/override/", views.leaf_override,
         name="override"),
]
