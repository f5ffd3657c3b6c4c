from django.urls import path

from dgeval.web.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.me, name="me"),
]
