"""Children on an LA's register, their home addresses over time and their parents or carers."""

import re
import secrets
import unicodedata

from django.conf import settings
from django.db import models

_NOT_LETTERS = re.compile(r"[^a-z]")


def new_token() -> str:
    """An opaque, unguessable record id: 16 random bytes as 22 url-safe characters."""
    return secrets.token_urlsafe(16)


def normalise_name(name: str) -> str:
    """A name folded for searching: accents removed, lower case, letters only
    ("O'Brien-Smyth" → "obriensmyth", "Zoë" → "zoe")."""
    folded = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    return _NOT_LETTERS.sub("", folded)


class Source(models.TextChoices):
    """Where a fact came from (s436C(2) facts must say so)."""

    PARENT = "parent", "A parent"
    PROVIDER = "provider", "An education provider"
    SCHOOL = "school", "A school"
    LA_RECORDS = "la_records", "The LA's own records"
    OTHER_AGENCY = "other_agency", "Another agency (health, social care, police)"
    IMPORT = "import", "An imported register"
    TRANSFER = "transfer", "A transfer record from another LA"


class RegisterSettings(models.Model):
    """One LA's choices for its register: which optional facts it records, and how long
    records are kept after the last episode ends."""

    local_authority = models.OneToOneField(
        "places.LocalAuthority", on_delete=models.CASCADE, related_name="register_settings"
    )
    record_sen_support = models.BooleanField(default=True)
    record_ehcp = models.BooleanField(default=True)
    record_child_in_need = models.BooleanField(default=False)
    record_child_protection = models.BooleanField(default=False)
    record_looked_after = models.BooleanField(default=False)
    retention_years = models.PositiveSmallIntegerField(default=6)

    class Meta:
        verbose_name_plural = "register settings"

    def __str__(self) -> str:
        return f"Register settings for {self.local_authority_id}"


class Child(models.Model):
    """A child on one LA's register. `id` is a random token, so a URL never says who the
    child is; `version` counts saves, so two officers editing at once cannot overwrite each
    other unseen."""

    # Set by the services on the record they return (never stored): possible duplicates.
    warnings: list[str]

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        UNKNOWN = "unknown", "Unknown"

    class ChildProtection(models.TextChoices):
        NONE = "", "None recorded"
        ENQUIRIES = "enquiries", "Section 47 enquiries"
        PLAN = "plan", "Child protection plan"

    id = models.CharField(primary_key=True, max_length=22, default=new_token, editable=False)
    local_authority = models.ForeignKey("places.LocalAuthority", on_delete=models.PROTECT, related_name="children")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    family_name_normalised = models.CharField(max_length=100, editable=False)
    given_name_normalised = models.CharField(max_length=100, editable=False)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    upn = models.CharField("UPN", max_length=13, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    local_reference = models.CharField(max_length=50, blank=True)
    sen_support = models.BooleanField("SEN support", default=False)
    ehcp = models.BooleanField("EHC plan", default=False)
    child_in_need = models.BooleanField(default=False)
    child_protection = models.CharField(max_length=10, choices=ChildProtection.choices, blank=True, default="")
    looked_after = models.BooleanField(default=False)
    destination_at_16 = models.CharField("Destination after 16", max_length=200, blank=True)
    optional_facts_source = models.CharField(
        "Where the optional facts came from", max_length=20, blank=True, choices=Source.choices,
        help_text="s436C(2): SEN, EHC plan, child in need, child protection and looked-after status are optional.",
    )  # fmt: skip
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name_normalised", "given_name_normalised"]
        indexes = [
            models.Index(fields=["local_authority", "family_name_normalised"], name="register_child_surname"),
            models.Index(fields=["local_authority", "given_name_normalised"], name="register_child_given"),
            models.Index(fields=["local_authority", "date_of_birth"], name="register_child_dob"),
            models.Index(fields=["local_authority", "upn"], name="register_child_upn"),
            models.Index(fields=["local_authority", "nhs_number"], name="register_child_nhs"),
        ]

    def __str__(self) -> str:
        return f"Child {self.id}"

    def save(self, *args, **kwargs):
        self.family_name_normalised = normalise_name(self.family_name)
        self.given_name_normalised = normalise_name(self.given_name)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Address(models.Model):
    """A home address the child lived at from `lived_from` to `lived_to` (blank: still there)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    lived_from = models.DateField(null=True, blank=True)
    lived_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["child", "-lived_from", "-id"]

    def __str__(self) -> str:
        return f"Address {self.pk}"

    @property
    def one_line(self) -> str:
        return ", ".join(part for part in (self.line_1, self.line_2, self.town, self.postcode) if part)


class Parent(models.Model):
    """A parent or carer: their name, home address, and whether they educate the child."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="parents")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=50, blank=True)
    address = models.CharField(max_length=400, blank=True, help_text="Leave blank if it is the child's address.")
    educates_child = models.BooleanField(default=False)
    hours_educating = models.DecimalField(
        "Hours a week this parent educates the child", max_digits=4, decimal_places=1, null=True, blank=True
    )
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["child", "id"]

    def __str__(self) -> str:
        return f"Parent {self.pk}"


# Who recorded something, kept when the account goes.
RECORDED_BY = {"null": True, "blank": True, "on_delete": models.SET_NULL, "related_name": "+"}
USER_MODEL = settings.AUTH_USER_MODEL
