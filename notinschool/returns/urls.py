from django.urls import path

from notinschool.returns.views import contacts, entry, explanations, home, pages, tracking, upload

app_name = "returns"

RETURN = "returns/<str:la>/<str:period>/"

urlpatterns = [
    path("returns/", home.home, name="home"),
    path("definitions/", home.definitions, name="definitions"),
    path("returns/rules/<str:period>.csv", home.rules_download, name="rules-csv"),
    path("returns/<str:la>/contacts/", contacts.contacts, name="contacts"),
    path("returns/<str:la>/contacts/<int:contact_id>/delete/", contacts.contact_delete, name="contact-delete"),
    path(RETURN, pages.return_page, name="return"),
    path(RETURN + "upload/", upload.upload, name="upload"),
    path(RETURN + "form/", entry.form_page, name="form"),
    path(RETURN + "form/<slug:part>/", entry.form_page, name="form-part"),
    path(RETURN + "template.xlsx", pages.template_xlsx, name="template-xlsx"),
    path(RETURN + "template.csv", pages.template_csv, name="template-csv"),
    path(RETURN + "submit/", pages.submit, name="submit"),
    path(RETURN + "approve/", pages.approve, name="approve"),
    path(RETURN + "send-back/", pages.send_back, name="send-back"),
    path(RETURN + "reopen/", pages.reopen, name="reopen"),
    path(RETURN + "explain/", explanations.explain, name="explain"),
    path(RETURN + "explanations/<int:explanation_id>/review/", explanations.review, name="explanation-review"),
    path(RETURN + "versions/<int:number>/", pages.version_page, name="version"),
    path(RETURN + "versions/<int:number>/report.csv", pages.version_report_csv, name="version-report-csv"),
    path(RETURN + "versions/<int:number>/file", pages.version_file, name="version-file"),
    path(RETURN + "versions/<int:number>/compare/<int:other>/", pages.version_diff, name="version-diff"),
    path("networks/<slug:network>/collections/", tracking.collections, name="collections"),
    path("networks/<slug:network>/collections/<str:period>/", tracking.tracking, name="tracking"),
    path("networks/<slug:network>/collections/<str:period>/tracking.csv", tracking.tracking_csv, name="tracking-csv"),
    path("networks/<slug:network>/collections/<str:period>/reminders/", tracking.send_reminders, name="reminders"),
    path("networks/<slug:network>/collections/<str:period>/due-date/", tracking.change_due_date, name="due-date"),
    path(
        "networks/<slug:network>/collections/<str:period>/change/", tracking.change_collection, name="collection-change"
    ),
]
