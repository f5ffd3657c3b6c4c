"""URLs of the selection results and the gallery, mounted under /awards/."""

from django.urls import path

from dgeval.web.awards import views

app_name = "awards"

urlpatterns = [
    path("", views.gallery, name="gallery"),
    path("rounds/<int:round_pk>/decide/", views.decide, name="decide"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("attachments/<int:pk>/", views.gallery_attachment, name="attachment"),
]
