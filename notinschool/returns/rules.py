"""Who may keep an LA's return contacts: its contributors and approvers, and coordinators of
its networks. Composed from the permissions declared in accounts.permissions."""

import rules

from notinschool.accounts.permissions import Permission

can_keep_contacts = (
    rules.permissions.permissions[str(Permission.EDIT_RETURN)]
    | rules.permissions.permissions[str(Permission.APPROVE_RETURN)]
    | rules.permissions.permissions[str(Permission.REOPEN_RETURN)]
)
rules.add_perm("returns.keep_contacts", can_keep_contacts)
