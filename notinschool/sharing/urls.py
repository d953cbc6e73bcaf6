"""Sharing's URLs: extracts and consents, public pages, share links, vignettes, surveys, papers."""

from django.urls import path

from notinschool.sharing.views import extracts, papers, public, surveys, vignettes

app_name = "sharing"

N = "networks/<slug:network>/"

urlpatterns = [
    path("extracts/", extracts.hub, name="extracts"),
    path("consents/", extracts.consents, name="consents"),
    path("consents/<int:pk>/decide/", extracts.consent_decide, name="consent-decide"),
    path(N + "extracts/", extracts.network_extracts, name="network-extracts"),
    path(N + "extracts/new/", extracts.extract_new, name="extract-new"),
    path(N + "extracts/<int:pk>/", extracts.extract_detail, name="extract"),
    path(N + "extracts/<int:pk>/extract.<str:file_format>", extracts.extract_download, name="extract-download"),
    path(N + "share-links/<int:pk>/revoke/", extracts.share_revoke, name="share-revoke"),
    path(N + "permissions/ask/", extracts.consent_request, name="consent-request"),
    path("public/<slug:network>/<str:period>/", public.public_dashboard, name="public-dashboard"),
    path("public/<slug:network>/papers/<int:pk>/", public.public_paper, name="public-paper"),
    path("shared/<str:token>/", public.shared, name="shared"),
    path("shared/<str:token>/extract.csv", public.shared_download, name="shared-download"),
    path(N + "vignettes/", vignettes.vignettes, name="vignettes"),
    path(N + "vignettes/new/", vignettes.vignette_edit, name="vignette-new"),
    path(N + "vignettes/<int:pk>/edit/", vignettes.vignette_edit, name="vignette-edit"),
    path(N + "vignettes/<int:pk>/review/", vignettes.vignette_review, name="vignette-review"),
    path(N + "stories/<str:period>/", vignettes.stories, name="stories"),
    path(N + "surveys/", surveys.surveys, name="surveys"),
    path(N + "surveys/new/", surveys.survey_new, name="survey-new"),
    path(N + "surveys/<int:pk>/", surveys.survey_detail, name="survey"),
    path(N + "surveys/<int:pk>/answer/", surveys.survey_answer, name="survey-answer"),
    path(N + "surveys/<int:pk>/status/", surveys.survey_status, name="survey-status"),
    path(N + "papers/", papers.papers, name="papers"),
    path(N + "papers/<int:pk>/", papers.paper_download, name="paper-download"),
]
