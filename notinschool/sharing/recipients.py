"""Who an extract (and the consent for it) is for: DfE, the public, or another network.

A recipient is a short key: ``dfe``, ``public`` or ``network:<slug>``. Consent is recorded per
key, so permission for DfE says nothing about the public.
"""

from __future__ import annotations

from notinschool.core.errors import ServiceError

DFE = "dfe"
PUBLIC = "public"
NETWORK_PREFIX = "network:"
FIXED = {DFE: "Department for Education (DfE)", PUBLIC: "The public (the public dashboard)"}


class UnknownRecipient(ServiceError):
    """A key that names no recipient."""


def recipient_choices(networks) -> list[tuple[str, str]]:
    """Every recipient a coordinator may pick: DfE, the public, and each other network."""
    return [*FIXED.items(), *((f"{NETWORK_PREFIX}{n.slug}", f"{n.name} (another network)") for n in networks)]


def recipient_label(key: str) -> str:
    """The words for a recipient key; a network key names the network."""
    if key in FIXED:
        return FIXED[key]
    if key.startswith(NETWORK_PREFIX):
        from notinschool.places.models import Network

        slug = key.removeprefix(NETWORK_PREFIX)
        network = Network.objects.filter(slug=slug).first()
        return network.name if network else f"Network {slug}"
    raise UnknownRecipient(f"“{key}” is not a recipient: choose DfE, the public or another network.")
