"""Episodes: a spell of EHE, CME, s19 health provision or a part-time arrangement, with dates,
a reason and an outcome; and the other providers educating a home-educated child."""

from django.db import models

from notinschool.register.models.children import RECORDED_BY, USER_MODEL, Child


class Episode(models.Model):
    """One spell. The EHE, CME and s19 fields apply to their kind of episode only; reason and
    type codes are the return specification's category codes (see `register.choices`)."""

    class Kind(models.TextChoices):
        EHE = "ehe", "Elective home education"
        CME = "cme", "Child missing education"
        S19 = "s19", "s19 health provision"
        FLEXI = "flexi", "Flexi-schooling"
        PART_TIME = "part_time", "Part-time timetable"
        OFF_SITE = "off_site", "Off-site education arranged by the school"
        PART_TIME_STUDENT = "part_time_student", "Part-time student at a college"

    class Ground(models.TextChoices):
        """Condition C of s436B(5): why a child of compulsory school age living in the LA's
        area is eligible to be registered."""

        NOT_REGISTERED = "not_registered", "s436B(5)(a): not a registered pupil or student at a relevant school"
        EDUCATED_ELSEWHERE = (
            "educated_elsewhere",
            "s436B(5)(b): on a school's roll, and the school has arranged or agreed education elsewhere "
            "for some or all of the time",
        )
        PART_TIME_STUDENT = (
            "part_time_student",
            "s436B(5)(c): a part-time student at a relevant school within s436B(7)(d), registered at no other",
        )
        NOT_ELIGIBLE = "not_eligible", "None: kept on the register's records for another reason"

    class Outcome(models.TextChoices):
        RETURNED_TO_SCHOOL = "returned_to_school", "Returned to school"
        MOVED_AWAY = "moved_away", "Moved away"
        END_OF_COMPULSORY_AGE = "end_of_compulsory_age", "Reached the end of compulsory school age"
        RECLASSIFIED_CME = "reclassified_cme", "Home education unsuitable: now missing education"
        OTHER = "other", "Other"

    class NotifiedBy(models.TextChoices):
        PARENT = "parent", "Parent or carer"
        SCHOOL = "school", "School"
        OTHER = "other", "Someone else"

    class Suitability(models.TextChoices):
        NOT_ASSESSED = "", "Not yet assessed"
        SUITABLE = "suitable", "Appears suitable"
        UNSUITABLE = "unsuitable", "Appears unsuitable"

    class Consent(models.TextChoices):
        NOT_NEEDED = "", "Not needed"
        PENDING = "pending", "Waiting for the LA's decision"
        GIVEN = "given", "Consent given"
        REFUSED = "refused", "Consent refused"

    class Decision(models.TextChoices):
        PENDING = "", "Not yet decided"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="episodes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    eligibility_ground = models.CharField(max_length=20, choices=Ground.choices, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=25, choices=Outcome.choices, blank=True)
    school_type_returned_to = models.CharField(max_length=30, blank=True)
    outcome_notes = models.TextField(blank=True)
    reason = models.CharField(max_length=40, blank=True, help_text="EHE or CME primary reason code.")
    # EHE
    notified_on = models.DateField(null=True, blank=True)
    notified_by = models.CharField(max_length=10, choices=NotifiedBy.choices, blank=True)
    previous_school = models.CharField(max_length=200, blank=True)
    previous_school_type = models.CharField(max_length=30, blank=True)
    hours_by_parents = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    hours_by_others = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    suitability = models.CharField(max_length=12, choices=Suitability.choices, blank=True)
    consent = models.CharField(max_length=10, choices=Consent.choices, blank=True)
    consent_decided_on = models.DateField(null=True, blank=True)
    # CME
    identified_how = models.CharField(max_length=100, blank=True)
    missing_since = models.DateField(null=True, blank=True, help_text="When the LA believes education stopped.")
    # s19 health provision
    referral_on = models.DateField(null=True, blank=True)
    fifteenth_missed_day = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_on = models.DateField(null=True, blank=True)
    provision_started_on = models.DateField(null=True, blank=True)
    provision_type = models.CharField(max_length=30, blank=True)
    hours_a_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    full_time = models.BooleanField(default=False)
    # flexi-schooling, part-time, off-site
    arrangement = models.CharField(max_length=300, blank=True)
    hours_in_school = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(USER_MODEL, **RECORDED_BY)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "-start_date", "-id"]
        indexes = [
            models.Index(fields=["kind", "end_date"], name="register_episode_open"),
            models.Index(fields=["child", "kind"], name="register_episode_child_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} episode {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class Provider(models.Model):
    """Someone other than a parent educating a home-educated child (s436C(1)): a tutor, a
    setting, an online school; where they teach (or their website or email when online), the
    hours, and the hours without a parent present."""

    class Type(models.TextChoices):
        TUTOR = "tutor", "Individual tutor"
        SETTING = "setting", "Tuition centre or out-of-school setting"
        ONLINE = "online", "Online school or online tutoring"
        COLLEGE = "college", "Further education college"
        SCHOOL = "school", "School (part of the time)"
        ALTERNATIVE = "alternative", "Alternative provision"
        OTHER = "other", "Other"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="providers")
    name = models.CharField(max_length=200)
    provider_type = models.CharField(max_length=20, choices=Type.choices)
    address = models.CharField(max_length=400, blank=True)
    online_address = models.CharField("Website or email (online education)", max_length=300, blank=True)
    hours_a_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    unsupervised_hours = models.DecimalField(
        "Hours without a parent present", max_digits=4, decimal_places=1, null=True, blank=True
    )

    ended_on = models.DateField(null=True, blank=True, help_text="When this provider stopped.")

    class Meta:
        ordering = ["episode", "id"]

    def __str__(self) -> str:
        return f"Provider {self.pk}"
