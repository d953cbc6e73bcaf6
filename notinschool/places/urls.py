from django.urls import path

from notinschool.places import views

app_name = "places"

urlpatterns = [
    path("local-authorities/", views.local_authorities, name="local-authorities"),
    path("local-authorities/<str:code>/", views.local_authority, name="local-authority"),
    path("comparison-groups/", views.comparison_groups, name="comparison-groups"),
    path("comparison-groups/<int:group_id>/delete/", views.comparison_group_delete, name="comparison-group-delete"),
]
