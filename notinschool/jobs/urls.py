from django.urls import path

from notinschool.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<uuid:job_id>/", views.job_page, name="job"),
    path("<uuid:job_id>/problems.csv", views.job_problems_csv, name="problems-csv"),
]
