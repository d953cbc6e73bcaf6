"""The register's row-level policies as each migration made them, written out in full so a new
database passes through the same states as an old one. Today's are in `tenancy`, whose list of
tables is kept apart from this frozen one on purpose: a table added later must not reach back
into these migrations. Django's migration loader skips modules whose names start with "_"."""

# Which parent each table below a child points at, and through which column.
_PARENTS = {
    "register_address": ("child_id", "register_child"),
    "register_parent": ("child_id", "register_child"),
    "register_episode": ("child_id", "register_child"),
    "register_saoevent": ("child_id", "register_child"),
    "register_contact": ("child_id", "register_child"),
    "register_provider": ("episode_id", "register_episode"),
    "register_factchange": ("child_id", "register_child"),
    "register_notification": ("child_id", "register_child"),
}

# Migration 0003 (ADR 0508): the LA's own tables compare the LA; the others hash the parent's ids.
OWN_LA = "local_authority_id = notinschool_current_la()"
BY_MEMBERSHIP = {
    table: f"{column} IN (SELECT id FROM {parent})"  # noqa: S608 - constants
    for table, (column, parent) in _PARENTS.items()
}
FIRST = {
    "register_child": OWN_LA,
    "register_registersettings": OWN_LA,
    **BY_MEMBERSHIP,
    "register_transfer": OWN_LA,
}

# Migration 0004 (ADR 0515): the tables below a child probe their parent's key.
BY_KEY = {
    table: f"EXISTS (SELECT 1 FROM {parent} parent WHERE parent.id = {table}.{column})"  # noqa: S608 - constants
    for table, (column, parent) in _PARENTS.items()
}

# Migration 0006 (ADR 0518): the tables below a child compare the LA column a trigger keeps.
BY_COLUMN = {table: "tenancy_la_id = notinschool_current_la()" for table in _PARENTS}
