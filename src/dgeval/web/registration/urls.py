from django.urls import path

from dgeval.web.registration import views

app_name = "registration"

urlpatterns = [
    path("", views.registration_create, name="create"),
    path("prefill/", views.registration_prefill, name="prefill"),
    path("blank.xlsx", views.registration_blank_xlsx, name="blank_xlsx"),
    path("blank.docx", views.registration_blank_docx, name="blank_docx"),
    path("status/", views.registration_status, name="status"),
    path("review/", views.registration_list, name="list"),
    path("review/<int:pk>/", views.registration_detail, name="detail"),
    path("review/<int:pk>/form", views.registration_file, name="file"),
    path("review/<int:pk>/reinvite/", views.registration_reinvite, name="reinvite"),
]
