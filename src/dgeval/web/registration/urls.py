from django.urls import path

from dgeval.web.registration import views

app_name = "registration"

urlpatterns = [
    path("", views.registration_create, name="create"),
    path("review/", views.registration_list, name="list"),
    path("review/<int:pk>/", views.registration_detail, name="detail"),
    path("review/<int:pk>/form", views.registration_file, name="file"),
]
