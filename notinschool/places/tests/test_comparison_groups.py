"""The comparison-groups page: LAs offered region by region, the person's own region first."""

import html5lib
import pytest

from notinschool.places.models import ComparisonGroup
from tests.access_cases import sign_in

PAGE = "/places/comparison-groups/"


def summaries(html: str) -> list[tuple[str, bool]]:
    """(summary text, open) for each region's details, in page order."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    found = []
    for details in document.iter("details"):
        text = "".join(details.find("summary").itertext()).strip()
        found.append((text, "open" in details.attrib))
    return found


@pytest.mark.django_db
def test_the_persons_region_comes_first_and_open(client, demo):
    sign_in(client, "contributor@kent.example")
    regions = summaries(client.get(PAGE).content.decode())
    assert len(regions) == 9  # every region of England
    assert regions[0] == ("South East: 19 local authorities", True)
    assert all(not is_open for _, is_open in regions[1:])
    assert sum(int(text.split(": ")[1].split()[0]) for text, _ in regions) == 153


@pytest.mark.django_db
def test_a_network_coordinator_starts_in_the_networks_region(client, demo):
    sign_in(client, "coordinator@south-west.example")
    assert summaries(client.get(PAGE).content.decode())[0][0].startswith("South West:")


@pytest.mark.django_db
def test_a_refused_form_keeps_the_choices_and_opens_their_regions(client, demo):
    sign_in(client, "contributor@kent.example")
    response = client.post(PAGE, {"name": "", "local_authorities": ["886", "800"]})  # Kent, Bath
    html = response.content.decode()
    assert response.status_code == 200 and "Enter a name for the group" in html
    regions = dict(summaries(html))
    assert regions["South East: 19 local authorities, 1 chosen"] is True
    assert regions["South West: 15 local authorities, 1 chosen"] is True
    assert 'value="886" checked' in html and 'value="800" checked' in html


@pytest.mark.django_db
def test_choosing_too_few_links_the_error_to_a_box_that_is_shown(client, demo):
    sign_in(client, "contributor@kent.example")
    html = client.post(PAGE, {"name": "Just Kent", "local_authorities": ["886"]}).content.decode()
    assert 'href="#id_local_authorities"' in html  # the error summary's link
    first_region = html[html.index("<details") : html.index("</details>")]
    assert '<details class="govuk-details app-region-choice" open' in first_region
    assert 'id="id_local_authorities"' in first_region


@pytest.mark.django_db
def test_a_group_chosen_across_regions_is_saved(client, demo):
    sign_in(client, "contributor@kent.example")
    response = client.post(PAGE, {"name": "Coastal", "local_authorities": ["886", "800", "921"]})
    assert response.status_code == 302
    group = ComparisonGroup.objects.get(name="Coastal")
    assert sorted(group.local_authorities.values_list("old_code", flat=True)) == ["800", "886", "921"]


@pytest.mark.django_db
def test_control_characters_in_a_name_never_reach_a_page(client, demo):
    sign_in(client, "contributor@kent.example")
    # Refused for another reason: the name is shown again, cleaned (the client checks the HTML).
    html = client.post(PAGE, {"name": "Bell\x07group", "local_authorities": ["886"]}).content.decode()
    assert 'value="Bell group"' in html and "\x07" not in html
    response = client.post(PAGE, {"name": " Tab\there\nand\x07bell ", "local_authorities": ["886", "800"]})
    assert response.status_code == 302
    assert ComparisonGroup.objects.get().name == "Tab here and bell"
