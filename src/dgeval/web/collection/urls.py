"""URLs of manual collection (人工采集), mounted under /collection/."""

from django.urls import path

from dgeval.web.collection import views

app_name = "collection"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/reconcile/", views.item_reconcile, name="reconcile"),
    path("items/<int:pk>/assign/", views.item_assign, name="assign"),
    path("items/<int:pk>/reconciler/", views.item_reconciler, name="reconciler"),
    path("scores/<int:pk>/screenshot/", views.screenshot, name="screenshot"),
    path("progress/", views.progress, name="progress"),
    path("generate/", views.generate, name="generate"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("import/", views.import_xlsx, name="import"),
]
