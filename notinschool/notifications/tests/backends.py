"""An email backend for tests: a mail server that refuses every recipient."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"No such user") for m in email_messages})


class FolderBackend(BaseEmailBackend):
    """Writes each email to its own file in NOTINSCHOOL_TEST_MAIL_DIR, after waiting
    NOTINSCHOOL_TEST_MAIL_DELAY seconds as a slow mail server would: for tests that run real
    worker processes, which cannot share Django's in-memory outbox."""

    def send_messages(self, email_messages):
        import os
        import time
        import uuid
        from pathlib import Path

        folder = Path(os.environ["NOTINSCHOOL_TEST_MAIL_DIR"])
        for message in email_messages:
            time.sleep(float(os.environ.get("NOTINSCHOOL_TEST_MAIL_DELAY", "0")))
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
