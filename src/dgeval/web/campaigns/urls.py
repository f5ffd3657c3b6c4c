from django.urls import path

from dgeval.web.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_current_view, name="current"),
    path("<int:year>/", views.campaign_detail, name="detail"),
    path("phases/<int:pk>/edit/", views.phase_edit, name="phase_edit"),
]
