"""`notinschool validate`: exit 0 valid, 1 errors, 2 unreadable; no database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from notinschool.validation.tests.builders import edit_cell, good_csv, good_xlsx

ROOT = Path(__file__).resolve().parents[3]


def run(*args) -> tuple[int, str, str]:
    """The command as a user runs it, in a fresh process with the project's settings, pointed
    at a database that cannot be reached: any database access would fail the run."""
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    done = subprocess.run(
        [sys.executable, "-m", "django", "validate", *map(str, args), "--settings=notinschool.config.settings"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
        env=env,
    )
    return done.returncode, done.stdout, done.stderr


def test_filled_template_for_autumn_2025_exits_0(tmp_path):
    path = tmp_path / "kent.xlsx"
    path.write_bytes(good_xlsx())
    code, out, err = run(path)
    assert code == 0, out + err
    assert "valid, no errors or queries" in out


def test_broken_breakdown_exits_1_and_names_the_cell(tmp_path):
    path = tmp_path / "kent.xlsx"
    path.write_bytes(edit_cell(good_xlsx(), "EHE", "D3", 99_999))
    code, out, _ = run(path, "--period", "2025-26-autumn", "--la", "886")
    assert code == 1
    assert "EHE-SUM-SEX" in out and "EHE!D2" in out


def test_unreadable_file_exits_2_without_a_traceback(tmp_path):
    path = tmp_path / "return.xlsm"
    path.write_bytes(good_xlsx())
    code, out, err = run(path)
    assert code == 2
    assert "macro-enabled" in out and "Traceback" not in out + err


def test_json_output_is_the_report_dict(tmp_path):
    path = tmp_path / "kent.csv"
    path.write_bytes(good_csv())
    code, out, _ = run(path, "--json", "--la", "936")
    assert code == 1
    report = json.loads(out)
    assert report["valid"] is False
    assert [i["rule"] for i in report["issues"]] == ["FILE-LA-WRONG"]
    assert report["issues"][0]["row"] == 2


def exit_code(*args, capsys=None) -> int:
    with pytest.raises(SystemExit) as stopped:
        call_command("validate", *map(str, args))
    return stopped.value.code


def test_queries_alone_still_exit_0(tmp_path, capsys):
    data = good_csv().decode("utf-8-sig").splitlines()
    data = [line for line in data if ",s443_prosecutions," not in line]
    path = tmp_path / "kent.csv"
    path.write_text("\r\n".join(data))
    assert exit_code(path) == 0
    out = capsys.readouterr().out
    assert "VALUE-NOT-AVAILABLE" in out and "valid, with queries" in out


def test_bad_period_and_missing_file_exit_2(tmp_path, capsys):
    path = tmp_path / "kent.csv"
    path.write_bytes(good_csv())
    assert exit_code(path, "--period", "2030-31-autumn") == 2
    said = capsys.readouterr()
    assert "no return specification" in said.err and said.out == ""
    assert exit_code(tmp_path / "nothing.csv") == 2
    assert "no file" in capsys.readouterr().out


@pytest.mark.parametrize("code", ["999", "kent", "E99999999"])
def test_an_la_code_that_is_no_la_is_refused_before_the_file_is_read(tmp_path, capsys, code):
    path = tmp_path / "kent.csv"
    path.write_bytes(good_csv())
    assert exit_code(path, "--la", code) == 2
    said = capsys.readouterr()
    assert f"'{code}' is not an LA code we know" in said.err
    assert said.out == ""  # no report about a file that was never checked


def test_an_la_named_instead_of_coded_gets_its_code_as_a_hint(tmp_path):
    path = tmp_path / "kent.csv"
    path.write_bytes(good_csv())
    code, out, err = run(path, "--la", "Kent", "--json")
    assert code == 2 and out == ""
    assert "'Kent' is not an LA code we know" in err and "Kent is 886 (E10000016)" in err
    assert "Traceback" not in err


def test_a_period_written_loosely_is_an_error_at_its_cell_not_an_unreadable_file(tmp_path, capsys):
    path = tmp_path / "kent.xlsx"
    path.write_bytes(edit_cell(good_xlsx(), "Instructions", "B5", "Autumn 2025"))
    assert exit_code(path) == 1
    out = capsys.readouterr().out
    assert "FILE-PERIOD-WRONG" in out and "Instructions!B5" in out
    assert "Write it as 2025-26-autumn" in out
    assert "(LA 886 2025-26-autumn)" in out  # checked against the period it names


def test_a_period_that_cannot_be_read_at_all_needs_period_given(tmp_path, capsys):
    path = tmp_path / "kent.xlsx"
    path.write_bytes(edit_cell(good_xlsx(), "Instructions", "B5", "this term"))
    assert exit_code(path) == 2
    out = capsys.readouterr().out
    assert "'this term' (Instructions!B5)" in out and "--period" in out
    assert exit_code(path, "--period", "2025-26-autumn") == 1
    out = capsys.readouterr().out
    assert "FILE-PERIOD-WRONG" in out and "Instructions!B5" in out and "'this term'" in out


def test_a_csv_of_headings_only_is_refused_as_having_no_figures(tmp_path, capsys):
    path = tmp_path / "kent.csv"
    path.write_text("la_code,period,measure,category,description,value\r\n")
    assert exit_code(path) == 2
    out = capsys.readouterr().out
    assert "no figures" in out and out.count("ERROR") == 1


def test_period_comes_from_the_file_unless_given(tmp_path, capsys):
    path = tmp_path / "kent.csv"
    path.write_bytes(good_csv(period="2023-24-spring"))
    assert exit_code(path) == 0
    assert "2023-24-spring" in capsys.readouterr().out
    assert exit_code(path, "--period", "2023-24-summer") == 1
    assert "FILE-PERIOD-WRONG" in capsys.readouterr().out
    # The same period written in capitals is the same period, not a wrong one.
    assert exit_code(path, "--period", "2023-24-SPRING") == 0
    assert "FILE-PERIOD-WRONG" not in capsys.readouterr().out


def test_in_process_the_command_needs_no_database(tmp_path):
    """pytest-django refuses database access in tests not marked for it, so this would fail
    if the command touched the ORM."""
    path = tmp_path / "kent.xlsx"
    path.write_bytes(good_xlsx())
    assert exit_code(path) == 0
