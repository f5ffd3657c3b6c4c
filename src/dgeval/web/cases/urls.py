"""URLs of 优秀创新案例, mounted under /cases/."""

from django.urls import path

from dgeval.web.cases import views

app_name = "cases"

urlpatterns = [
    path("form/blank.<str:fmt>", views.blank_form, name="blank_form"),
    path("signup/", views.signup_view, name="signup"),
    path("activate/<str:uidb64>/<str:token>/", views.activate, name="activate"),
    path("nominations/", views.nomination_list, name="nominations"),
    path("nominations/new/", views.nomination_edit, name="nomination_create"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("screening/", views.case_list, name="list"),
    path("screening/import/", views.nominations_import, name="import"),
    path("screening/<int:pk>/", views.case_detail, name="case"),
    path("screening/<int:pk>/screen/", views.case_screen, name="screen"),
    path("screening/<int:pk>/merge/", views.case_merge, name="merge"),
    path("screening/<int:pk>/targets/", views.case_targets, name="targets"),
    path("screening/<int:pk>/attach/", views.case_attach, name="attach"),
    path("screening/<int:pk>/assign/", views.case_assign, name="assign"),
    path("assignments/<int:pk>/withdraw/", views.assignment_withdraw, name="withdraw"),
    path("review/assign-auto/", views.assign_auto, name="assign_auto"),
    path("review/results/", views.results, name="results"),
    path("review/policy/", views.policy_edit, name="policy"),
    path("experts/", views.expert_list, name="experts"),
    path("experts/<int:user_pk>/", views.expert_profile, name="expert_profile_of"),
    path("expert/", views.expert_home, name="expert_home"),
    path("expert/profile/", views.expert_profile, name="expert_profile"),
    path("expert/reviews/<int:pk>/", views.review_case, name="review"),
]
