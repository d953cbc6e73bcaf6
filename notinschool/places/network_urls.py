from django.urls import path

from notinschool.places import views

app_name = "networks"

urlpatterns = [
    path("<slug:slug>/", views.network_home, name="home"),
]
