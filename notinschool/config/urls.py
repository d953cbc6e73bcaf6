"""Every URL of the service. Each app's own urls.py declares its pages."""

from django.urls import include, path

from notinschool.config.api import api

urlpatterns = [
    path("", include("notinschool.core.urls")),
    path("accounts/", include("notinschool.accounts.urls")),
    path("places/", include("notinschool.places.urls")),
    path("networks/", include("notinschool.returns.network_urls")),
    path("audit/", include("notinschool.audit.urls")),
    path("", include("notinschool.returns.urls")),
    path("published/", include("notinschool.published.urls")),
    path("dashboard/", include("notinschool.benchmark.urls")),
    path("register/", include("notinschool.register.urls")),
    path("sharing/", include("notinschool.sharing.urls")),
    path("jobs/", include("notinschool.jobs.urls")),
    path("api/v1/", api.urls),
]

handler400 = "notinschool.core.views.bad_request"
handler403 = "notinschool.core.views.permission_denied"
handler404 = "notinschool.core.views.page_not_found"
handler500 = "notinschool.core.views.server_error"
