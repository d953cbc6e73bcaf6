"""Who may read what: the audience rules for papers (network, limited, public)."""

from notinschool.accounts.permissions import coordinates_network, is_administrator, is_member_of_network
from notinschool.sharing.models import Audience, Paper


def may_read_paper(user, paper: Paper) -> bool:
    """Public papers: anyone. Network papers: the network's members and administrators. Limited papers: the
    network's coordinators, and members in a named LA or holding a named role."""
    if paper.audience == Audience.PUBLIC:
        return True
    if coordinates_network(user, paper.network):
        return True
    if paper.audience == Audience.NETWORK and is_administrator(user):
        return True
    if not is_member_of_network(user, paper.network):
        return False
    if paper.audience == Audience.NETWORK:
        return True
    in_la = bool(user.local_authority_id) and user.local_authority.old_code in paper.limited_to_las
    has_role = bool(set(paper.limited_to_roles) & user.role_set())
    return in_la or has_role


def audience_description(paper: Paper) -> str:
    """The audience in words, such as 'Limited circulation: Kent, Surrey; LA approvers'."""
    if paper.audience != Audience.LIMITED:
        return Audience(paper.audience).label
    from notinschool.accounts.models import Role
    from notinschool.places.models import LocalAuthority

    names = list(LocalAuthority.objects.filter(old_code__in=paper.limited_to_las).values_list("name", flat=True))
    roles = [Role(r).label + "s" for r in paper.limited_to_roles]
    return "Limited circulation (internal reference only): " + "; ".join(
        x for x in (", ".join(names), ", ".join(roles)) if x
    )
