from django.urls import path

from notinschool.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("audit-log.csv", views.audit_csv, name="csv"),
]
