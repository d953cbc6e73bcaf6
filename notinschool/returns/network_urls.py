from django.urls import path

from notinschool.returns.views import network

app_name = "networks"

urlpatterns = [
    path("<slug:slug>/", network.network_home, name="home"),
]
