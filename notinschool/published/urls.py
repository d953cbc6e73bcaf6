from django.urls import path

from notinschool.published import views

app_name = "published"

urlpatterns = [
    path("", views.releases, name="releases"),
    path("upload/", views.upload, name="upload"),
    path("releases/<str:content_hash>/", views.release, name="release"),
    path("reconciliation/<slug:network>/<str:period>/", views.reconciliation, name="reconciliation"),
]
