"""Sessions started before the sign-in backend moved to notinschool.accounts.backends name the
old one, which Django no longer trusts: point them at the new one, so nobody is signed out."""

from django.db import migrations

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "notinschool.accounts.backends.AccountBackend"


def _repoint(apps, schema_editor, *, old: str, new: str) -> None:
    from django.contrib.auth import BACKEND_SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    for session in Session.objects.all().iterator():
        data = store.decode(session.session_data)  # an unreadable session decodes to {}
        if data.get(BACKEND_SESSION_KEY) == old:
            data[BACKEND_SESSION_KEY] = new
            Session.objects.filter(pk=session.pk).update(session_data=store.encode(data))


def forwards(apps, schema_editor):
    _repoint(apps, schema_editor, old=OLD, new=NEW)


def backwards(apps, schema_editor):
    _repoint(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_apitoken_councilsignin_invitation"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
