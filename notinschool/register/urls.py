"""The register's pages. Child ids are opaque random tokens; no name, date of birth or UPN is
ever part of a URL."""

from django.urls import path

from notinschool.register.views import children, episodes, importing, keeping, records, returns

app_name = "register"

CHILD = "children/<str:child_id>/"
EPISODE = CHILD + "episodes/<int:episode_id>/"

urlpatterns = [
    path("", children.home, name="home"),
    path("search/", children.search_results, name="search-results"),
    path("children/add/", children.child_add, name="child-add"),
    path(CHILD, children.child, name="child"),
    path(CHILD + "edit/", children.child_edit, name="child-edit"),
    path(CHILD + "addresses/add/", children.address_add, name="address-add"),
    path(CHILD + "parents/add/", children.parent_add, name="parent-add"),
    path(CHILD + "notification/", episodes.notification, name="notification"),
    path(CHILD + "episodes/add/<str:kind>/", episodes.episode_add, name="episode-add"),
    path(EPISODE + "edit/", episodes.episode_edit, name="episode-edit"),
    path(EPISODE + "close/", episodes.episode_close, name="episode-close"),
    path(EPISODE + "consent/", episodes.consent, name="consent"),
    path(EPISODE + "reclassify/", episodes.reclassify, name="reclassify"),
    path(EPISODE + "providers/add/", episodes.provider_add, name="provider-add"),
    path(CHILD + "sao/add/", episodes.sao_add, name="sao-add"),
    path(CHILD + "contacts/add/", episodes.contact_add, name="contact-add"),
    path(CHILD + "contacts/<int:contact_id>/", episodes.contact_add, name="contact-record"),
    path(CHILD + "notifications/add/", keeping.notification_add, name="notification-add"),
    path(
        CHILD + "notifications/<int:notification_id>/settle/", keeping.notification_settle, name="notification-settle"
    ),
    path(CHILD + "moved/", keeping.transfer_out, name="transfer-out"),
    path(CHILD + "transfers/<int:transfer_id>.json", keeping.transfer_download, name="transfer-download"),
    path("transfers/import/", keeping.transfer_import, name="transfer-import"),
    path(CHILD + "export.json", records.export_json, name="export-json"),
    path(CHILD + "export/", records.export_page, name="export"),
    path(CHILD + "erase/", records.erase, name="erase"),
    path("lists/<str:list_name>/", records.work_list, name="list"),
    path("retention/", records.retention, name="retention"),
    path("settings/", records.register_settings, name="settings"),
    path("import/", importing.import_page, name="import"),
    path("return/<str:period>/", returns.return_page, name="return"),
    path("return/<str:period>/send/", returns.return_send, name="return-send"),
    path("return/<str:period>/template.xlsx", returns.return_xlsx, name="return-xlsx"),
    path("return/<str:period>/figures/<str:measure>/<str:category>/", returns.return_figure, name="return-figure"),
]
