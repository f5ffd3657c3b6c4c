from django.urls import path

from dgeval.web.targets import views

app_name = "targets"

urlpatterns = [
    path("", views.target_list, name="list"),
    path("export.xlsx", views.target_export, name="export"),
    path("import/", views.target_import, name="import"),
    path("import-registry/", views.registry_import, name="import_registry"),
    path("<str:code>/", views.target_detail, name="detail"),
    path("<str:code>/allow-private/", views.target_allow_private, name="allow_private"),
]
