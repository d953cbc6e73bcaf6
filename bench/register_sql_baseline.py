"""The baseline the register's return is measured against (issue 16): the same counts written
by hand as one PostgreSQL aggregate, run server-side over the same register under the same
row-level security. Used by bench/register_bench.py only; the product keeps one pure Python
definition of the counting rules (notinschool.register.generation)."""

AGGREGATE = """
WITH kids AS (
  SELECT id, sex, ehcp,
    CASE WHEN date_of_birth IS NULL THEN -1
      ELSE %(year)s - EXTRACT(YEAR FROM date_of_birth)::int
        - CASE WHEN EXTRACT(MONTH FROM date_of_birth) * 100 + EXTRACT(DAY FROM date_of_birth) > 831 THEN 1 ELSE 0 END
    END AS age
  FROM register_child WHERE local_authority_id = %(la)s
), scoped AS (
  SELECT id, sex, ehcp, CASE WHEN age = -1 THEN 'unknown' WHEN age = 4 THEN 'reception'
    ELSE 'year_' || (age - 4) END AS year_group
  FROM kids WHERE age = -1 OR age BETWEEN 4 AND 15
), episodes AS (
  SELECT e.* FROM register_episode e JOIN scoped c ON c.id = e.child_id
), at_census AS (
  SELECT DISTINCT ON (child_id, kind) child_id, kind, reason, missing_since
  FROM episodes WHERE kind IN ('ehe', 'cme') AND start_date <= %(census)s
    AND (end_date IS NULL OR end_date > %(census)s)
  ORDER BY child_id, kind, start_date DESC, id DESC
), starts AS (
  SELECT DISTINCT ON (child_id) child_id, previous_school_type FROM episodes
  WHERE kind = 'ehe' AND start_date BETWEEN %(term_start)s AND %(census)s ORDER BY child_id, start_date DESC, id DESC
), returned AS (
  SELECT DISTINCT ON (child_id) child_id, school_type_returned_to FROM episodes
  WHERE kind = 'ehe' AND outcome = 'returned_to_school' AND end_date BETWEEN %(term_start)s AND %(census)s
  ORDER BY child_id, end_date DESC, id DESC
), providing AS (
  SELECT DISTINCT ON (child_id) child_id, provision_type, full_time FROM episodes
  WHERE kind = 's19' AND provision_started_on <= %(census)s AND (end_date IS NULL OR end_date > %(census)s)
  ORDER BY child_id, provision_started_on DESC, id DESC
), steps AS (
  SELECT s.kind, s.child_id, s.happened_on, s.id FROM register_saoevent s JOIN scoped c ON c.id = s.child_id
  WHERE s.happened_on <= %(census)s
)
SELECT a.kind || '_total', NULL, count(*) FROM at_census a GROUP BY a.kind
UNION ALL SELECT a.kind || '_by_sex', c.sex, count(*) FROM at_census a JOIN scoped c ON c.id = a.child_id GROUP BY 1, 2
UNION ALL SELECT a.kind || '_by_year_group', c.year_group, count(*) FROM at_census a JOIN scoped c ON c.id = a.child_id
  GROUP BY 1, 2
UNION ALL SELECT a.kind || '_by_reason',
    CASE WHEN a.reason <> '' THEN a.reason WHEN a.kind = 'ehe' THEN 'unknown' ELSE 'not_recorded' END, count(*)
  FROM at_census a GROUP BY 1, 2
UNION ALL SELECT 'cme_by_duration',
    CASE WHEN missing_since IS NULL OR missing_since > %(census)s THEN 'unknown'
      WHEN %(census)s - missing_since < 14 THEN 'less_than_2_weeks'
      WHEN %(census)s - missing_since < 28 THEN 'weeks_2_to_4'
      WHEN %(census)s - missing_since < 56 THEN 'weeks_4_to_8'
      WHEN %(census)s - missing_since < 84 THEN 'weeks_8_to_12'
      WHEN %(census)s - missing_since < 182 THEN 'weeks_12_to_26'
      WHEN %(census)s - missing_since < 364 THEN 'weeks_26_to_52'
      ELSE 'over_52_weeks' END, count(*)
  FROM at_census WHERE kind = 'cme' GROUP BY 2
UNION ALL SELECT 'ehe_starts', NULL, count(*) FROM starts
UNION ALL SELECT 'ehe_starts_by_previous_school', previous_school_type, count(*) FROM starts GROUP BY 2
UNION ALL SELECT 'ehe_left_other', NULL, count(DISTINCT child_id) FROM episodes
  WHERE kind = 'ehe' AND outcome <> 'returned_to_school' AND end_date BETWEEN %(term_start)s AND %(census)s
UNION ALL SELECT 'ehe_returns_to_school', NULL, count(*) FROM returned
UNION ALL SELECT 'ehe_returns_by_school_type', school_type_returned_to, count(*) FROM returned GROUP BY 2
UNION ALL SELECT 's19_total', NULL, count(*) FROM providing
UNION ALL SELECT 's19_by_provision_type', provision_type, count(*) FROM providing GROUP BY 2
UNION ALL SELECT 's19_by_hours', CASE WHEN full_time THEN 'full_time' ELSE 'part_time' END, count(*)
  FROM providing GROUP BY 2
UNION ALL SELECT 's19_with_ehcp', NULL, count(*) FROM providing p JOIN scoped c ON c.id = p.child_id WHERE c.ehcp
UNION ALL SELECT 's19_referrals_received', NULL, count(*) FROM episodes
  WHERE kind = 's19' AND referral_on BETWEEN %(term_start)s AND %(census)s
UNION ALL SELECT 's19_referrals_' || decision, NULL, count(*) FROM episodes
  WHERE kind = 's19' AND decision <> '' AND decision_on BETWEEN %(term_start)s AND %(census)s GROUP BY 1
UNION ALL SELECT 's19_provision_started', NULL, count(DISTINCT child_id) FROM episodes
  WHERE kind = 's19' AND provision_started_on BETWEEN %(term_start)s AND %(census)s
UNION ALL SELECT CASE kind WHEN 's437_notice' THEN 's437_notices_served'
    WHEN 'intention_notice' THEN 'sao_intention_notices' WHEN 'prosecution' THEN 's443_prosecutions' ELSE kind END,
    NULL, count(*)
  FROM steps WHERE happened_on >= %(term_start)s GROUP BY 1
UNION ALL SELECT 'sao_in_force', NULL, count(*) FROM (
  SELECT DISTINCT ON (child_id) child_id, kind FROM steps WHERE kind IN ('sao_served', 'sao_revoked')
  ORDER BY child_id, happened_on DESC, id DESC) last_order WHERE kind = 'sao_served'
"""


def sql_figures(cursor, *, la_id: int, census, term_start, year: int) -> dict[tuple[str, str | None], int]:
    """The counts by (measure, category) as the database gives them (categories as stored)."""
    cursor.execute(AGGREGATE, {"la": la_id, "census": census, "term_start": term_start, "year": year})
    return {(measure, category): count for measure, category, count in cursor.fetchall()}


# Figures whose categories the aggregate gives exactly as the spec codes them in the bench's
# register (every stored code is one of the spec's); compared one by one with the product.
COMPARED = (
    "ehe_total", "ehe_by_sex", "ehe_by_year_group", "ehe_by_reason", "cme_total", "cme_by_sex", "cme_by_year_group",
    "cme_by_duration", "ehe_starts", "ehe_left_other", "ehe_returns_to_school", "s19_total", "s19_by_provision_type",
    "s19_by_hours", "s19_with_ehcp", "s19_referrals_received", "s19_referrals_accepted", "s19_provision_started",
    "s437_notices_served", "sao_in_force",
)  # fmt: skip
