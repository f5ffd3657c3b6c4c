"""URLs of published results, mounted under /results/ (stable per campaign: /results/2020/local_site/county.csv)."""

from django.urls import path

from dgeval.web.publication import views

app_name = "publication"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.campaign_results, name="campaign"),
    path("<int:year>/publish/", views.publish, name="publish"),
    path("<int:year>/national.<str:fmt>", views.national_download, name="national"),
    path("<int:year>/findings/<int:pk>/archive/", views.finding_archive, name="archive"),
    path("<int:year>/targets/<str:code>/<str:framework>/", views.scorecard, name="scorecard"),
    path("<int:year>/targets/<str:code>/<str:framework>/report.<str:fmt>", views.target_download, name="target_report"),
    path("<int:year>/<str:framework>/<str:slug>/", views.ranking, name="ranking"),
    path("<int:year>/<str:framework>/<str:slug>.<str:fmt>", views.open_data, name="open_data"),
]
