"""Importing a register: all or nothing, with a row-level error report."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from notinschool.core.actor import Actor
from notinschool.jobs.testing import run_queued_jobs
from notinschool.register.importing import SHOWN_ERRORS
from notinschool.register.services.importing import register_import

pytestmark = pytest.mark.django_db
HEADER = "child_reference,given_name,family_name,date_of_birth,sex,episode_type,start_date,end_date,outcome,reason\n"


def test_good_csv_is_imported_with_episodes_grouped_by_child(kent, officer):
    data = (
        HEADER + "K1,Amy,Example,2014-03-02,female,ehe,2025-09-01,,,religious\n"
        "K1,Amy,Example,2014-03-02,female,cme,2024-01-10,2024-06-01,returned_to_school,not_recorded\n"
        "K2,Bo,Sample,05/11/2012,male,cme,2025-09-20,,,moved_in_from_abroad\n"
    ).encode()
    result = register_import(la=kent, data=data, filename="register.csv", actor=Actor.of(officer))
    assert result.errors == []
    amy = kent.children.get(local_reference="K1")
    assert amy.episodes.count() == 2 and amy.family_name_normalised == "example"
    assert kent.children.get(local_reference="K2").date_of_birth == datetime.date(2012, 11, 5)


def test_one_bad_row_stores_nothing_and_says_where(kent, officer):
    data = (
        HEADER + "K1,Amy,Example,2014-03-02,female,ehe,2025-09-01,,,religious\n"
        "K2,,Sample,31/02/2012,alien,ehe,2025-09-20,2025-09-01,,astrology\n"
    ).encode()
    result = register_import(la=kent, data=data, filename="register.csv", actor=Actor.of(officer))
    assert not kent.children.exists()
    found = {(e.row, e.column) for e in result.errors}
    assert {
        (3, "given_name"),
        (3, "date_of_birth"),
        (3, "sex"),
        (3, "end_date"),
        (3, "reason"),
        (3, "outcome"),
    } <= found
    error = next(e for e in result.errors if e.column == "date_of_birth")
    assert error.value == "31/02/2012" and "real date" in error.message


def test_errors_are_capped_with_a_count_of_the_rest(kent, officer):
    rows = "".join(f"K{n},Amy,Example,not-a-date,female,,,,,\n" for n in range(SHOWN_ERRORS + 7))
    result = register_import(la=kent, data=(HEADER + rows).encode(), filename="r.csv", actor=Actor.of(officer))
    assert len(result.shown_errors) == SHOWN_ERRORS and result.more_errors == 7


def test_xlsx_and_the_upload_page(officer_client, kent):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["X1", "Cy", "Demo", datetime.date(2013, 1, 1), "male", "cme", datetime.date(2025, 9, 3), None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "register.xlsx"
    response = officer_client.post(reverse("register:import"), {"file": buffer})
    assert response["Location"].startswith("/jobs/")  # a job checks and stores it
    run_queued_jobs()
    page = officer_client.get(response["Location"]).content.decode()
    assert "Register imported: 1 child and 1 episode from 1 row." in page
    assert kent.children.get(local_reference="X1").episodes.get().kind == "cme"


def test_upload_page_shows_the_error_report(officer_client, kent):
    upload = io.BytesIO((HEADER + "K1,Amy,Example,2014-03-02,female,ehe,,,,\n").encode())
    upload.name = "register.csv"
    response = officer_client.post(reverse("register:import"), {"file": upload})
    run_queued_jobs()
    page = officer_client.get(response["Location"]).content.decode()
    assert "Nothing was imported: 1 problem found." in page and "line 2, start_date" in page
    assert "<code>ROW-DATE</code>" in page and "Enter a date, such as 2025-09-30" in page
    assert not kent.children.exists()
    # The same report as a download, in the columns of a return's report.
    download = officer_client.get(response["Location"] + "problems.csv")
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "sheet,row,column,cell,value,rule,severity,message,explanation_needed"
    assert lines[1:] == [',2,start_date,,,ROW-DATE,error,"Enter a date, such as 2025-09-30 or 30/09/2025.",']


def test_the_problems_download_is_safe_in_a_spreadsheet(officer_client, kent):
    upload = io.BytesIO((HEADER + "K1,Amy,Example,2014-03-02,female,ehe,=HYPERLINK(1),,,\n").encode())
    upload.name = "register.csv"
    response = officer_client.post(reverse("register:import"), {"file": upload})
    run_queued_jobs()
    lines = officer_client.get(response["Location"] + "problems.csv").content.decode("utf-8-sig").splitlines()
    assert any(",'=HYPERLINK(1),ROW-DATE," in line for line in lines), lines


def test_the_problems_of_a_job_are_seen_only_by_who_started_it(officer_client, kent):
    upload = io.BytesIO((HEADER + "K1,Amy,Example,2014-03-02,female,ehe,,,,\n").encode())
    upload.name = "register.csv"
    response = officer_client.post(reverse("register:import"), {"file": upload})
    run_queued_jobs()
    stranger = Client()
    assert stranger.get(response["Location"] + "problems.csv").status_code in (302, 403)


def test_reimporting_the_same_references_is_refused(kent, officer):
    data = (HEADER + "K1,Amy,Example,2014-03-02,female,,,,,\n").encode()
    register_import(la=kent, data=data, filename="r.csv", actor=Actor.of(officer))
    again = register_import(la=kent, data=data, filename="r.csv", actor=Actor.of(officer))
    assert [e.message for e in again.errors] == ["A child with this reference is already on the register."]
    assert kent.children.count() == 1


def test_command(tmp_path, kent, capsys):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "K1,Amy,Example,2014-03-02,female,ehe,2025-09-01,,,religious\n", encoding="utf-8")
    call_command("import_register", str(path), la="886")
    assert kent.children.count() == 1
    path.write_text(HEADER + "K9,,Example,2014-03-02,female,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_register", str(path), la="886")
    # The same report as the page and the download: code, line, column and what to do.
    assert "ERROR ROW-REQUIRED" in capsys.readouterr().err.replace("  ", " ").replace("  ", " ")
