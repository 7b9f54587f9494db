"""
Signing in with the organisation's account (accounts.oidc), through a real OpenID Connect provider
(tests/oidc/provider.mjs): who a token is here, what a first sign-in creates, the group mapping, signing
out at the provider, and each bad token or replay refused with a clear page and nothing changed.
"""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import OrganisationAccount, SignInEvent
from governance.enums import MembershipRole
from governance.models import GroupMembership, Membership

from . import identity_provider as provider
from .factories import UserFactory
from .html_checks import page_problems

pytestmark = pytest.mark.django_db

User = get_user_model()
HOME = reverse("home")


def start(client, next_url=None):
    """Press "Sign in with your organisation's account": the site sends the browser to the provider."""
    response = client.get(reverse("accounts:organisation_sign_in"), {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response.url


def sign_in(client, username, *, mfa=False, next_url=None):
    callback = provider.sign_in_at_provider(start(client, next_url), username, mfa=mfa)
    return client.get(callback)


def signed_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def what_is_stored():
    return (list(User.objects.order_by("pk").values_list("pk", "username", "email", "first_name", "is_active",
                                                         "last_login")),
            list(OrganisationAccount.objects.order_by("pk").values_list("pk", "user_id", "subject",
                                                                        "last_signed_in_at")),
            list(Membership.objects.order_by("pk").values_list("pk", "user_id", "body_id", "role")))


def refused(response, words):
    page = response.content.decode()
    assert response.status_code == 403, page[:500]
    assert "You could not be signed in" in page and words in page and "Nothing about your account has changed" in page
    assert not page_problems(page)
    return page


# -- The sign-in page --------------------------------------------------------------------------------


def test_the_sign_in_page_offers_the_organisations_account_only_when_configured(client, settings, organisation_sign_in):
    page = client.get(reverse("login") + "?next=/meetings/").content.decode()
    assert "Sign in with your organisation's account" in page
    assert reverse("accounts:organisation_sign_in") + "?next=/meetings/" in page
    assert not page_problems(page)
    settings.OIDC_ISSUER = ""
    page = client.get(reverse("login")).content.decode()
    assert "organisation's account" not in page and 'name="password"' in page
    assert client.get(reverse("accounts:organisation_sign_in")).status_code == 404


def test_the_site_sends_the_browser_to_the_provider_with_state_nonce_and_pkce(client, organisation_sign_in):
    url = start(client)
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(organisation_sign_in.issuer + "/auth?")
    assert query["client_id"] == [organisation_sign_in.client_id]
    assert query["redirect_uri"] == ["http://testserver/accounts/organisation/callback/"]
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    assert set(query["scope"][0].split()) == {"openid", "email", "profile"}


# -- Who a sign-in is here ----------------------------------------------------------------------------


def test_a_first_sign_in_creates_a_user_with_no_memberships(client, organisation_sign_in, cast):
    response = sign_in(client, "new.starter", next_url="/proposals/")
    assert response.status_code == 302 and response.url == "/proposals/"
    user = signed_in_user(client)
    assert (user.email, user.first_name, user.last_name) == ("new.starter@northshire-icb.nhs.example", "Robin", "Ashdown")
    assert not user.has_usable_password() and not user.memberships.exists() and not user.is_staff
    account = user.organisation_accounts.get()
    assert (account.issuer, account.subject, account.linked_by_email) == (organisation_sign_in.issuer, "a1b2c3d4-0001",
                                                                           False)
    assert client.get(reverse("proposals:mine")).status_code == 200
    event = SignInEvent.objects.get(kind=SignInEvent.Kind.SIGNED_IN)
    assert (event.user, event.method, event.address) == (user, SignInEvent.Method.ORGANISATION, "127.0.0.1")


def test_later_sign_ins_are_matched_on_the_subject_not_the_email_address(client, organisation_sign_in):
    sign_in(client, "new.starter")
    user = signed_in_user(client)
    # Someone else here now has that e-mail address, and this user's has changed: the subject still decides.
    UserFactory(username="impostor", email="new.starter@northshire-icb.nhs.example")
    User.objects.filter(pk=user.pk).update(email="changed@elsewhere.example")
    client.post(reverse("logout"))
    sign_in(client, "new.starter")
    assert signed_in_user(client) == user
    assert User.objects.filter(organisation_accounts__isnull=False).count() == 1


def test_the_email_address_links_an_existing_local_user_at_first_sign_in(client, organisation_sign_in):
    local = UserFactory(username="pcastell", email="Known.Lead@northshire-icb.nhs.example")
    sign_in(client, "known.lead")
    assert signed_in_user(client) == local
    assert local.organisation_accounts.get().linked_by_email


def test_an_unverified_email_address_links_nobody(client, organisation_sign_in):
    local = UserFactory(username="pcastell", email="known.lead@northshire-icb.nhs.example")
    sign_in(client, "unverified.email")
    user = signed_in_user(client)
    assert user != local and not local.organisation_accounts.exists()


def test_an_email_address_two_local_users_share_is_refused(client, organisation_sign_in):
    UserFactory(username="one", email="known.lead@northshire-icb.nhs.example")
    UserFactory(username="two", email="known.lead@northshire-icb.nhs.example")
    before = what_is_stored()
    refused(sign_in(client, "known.lead"), "More than one account here has your e-mail address")
    assert what_is_stored() == before and signed_in_user(client) is None


# -- Bad input: refused with a clear page, nothing created or changed ----------------------------------


@pytest.fixture
def known(organisation_sign_in, client):
    """A person who has signed in before (then signed out): a refusal must leave them exactly as they are."""
    sign_in(client, "known.lead")
    client.post(reverse("logout"))
    return signed_in_user(client) or User.objects.get(email="known.lead@northshire-icb.nhs.example")


HOUR = 3600


@pytest.mark.parametrize(("spoil", "words"), [
    (lambda client_id: {"claims": {"iss": "https://login.evil.example/tenant/v2.0"}}, "a service this site does not trust"),
    (lambda client_id: {"foreign_key": True}, "could not be verified as coming from your organisation"),
    (lambda client_id: {"claims": {"exp": int(time.time()) - HOUR, "iat": int(time.time()) - 2 * HOUR}}, "has expired"),
    (lambda client_id: {"claims": {"aud": "another-application"}}, "meant for another service"),
    (lambda client_id: {"claims": {"aud": ["another-application", client_id], "azp": "another-application"}},
     "meant for another service"),
], ids=["wrong issuer", "bad signature", "expired", "wrong audience", "issued to another party"])
@pytest.mark.parametrize("username", ["known.lead", "new.starter"], ids=["known", "new"])
def test_a_bad_id_token_is_refused(client, organisation_sign_in, known, spoil, words, username):
    before = what_is_stored()
    callback = provider.sign_in_at_provider(start(client), username)
    provider.spoil_next_id_token(organisation_sign_in.issuer, **spoil(organisation_sign_in.client_id))
    refused(client.get(callback), words)
    assert what_is_stored() == before and signed_in_user(client) is None
    event = SignInEvent.objects.latest("pk")
    assert (event.kind, event.method, event.user) == (SignInEvent.Kind.FAILED, SignInEvent.Method.ORGANISATION, None)
    assert words in event.reason


def test_a_replayed_state_is_refused(client, organisation_sign_in, known):
    callback = provider.sign_in_at_provider(start(client), "known.lead")
    assert client.get(callback).status_code == 302  # signed in
    client.post(reverse("logout"))
    before = what_is_stored()
    refused(client.get(callback), "already been used")  # the same return, again
    assert what_is_stored() == before and signed_in_user(client) is None


def test_a_state_from_another_browser_is_refused(client, organisation_sign_in, known):
    from django.test import Client

    callback = provider.sign_in_at_provider(start(client), "known.lead")
    before = what_is_stored()
    refused(Client().get(callback), "not started in this browser")
    assert what_is_stored() == before


def test_a_replayed_nonce_is_refused(client, organisation_sign_in, known):
    """An ID token carrying the nonce of an earlier sign-in (one already used) is refused: a token replayed
    into another sign-in, otherwise genuine (right issuer, audience, time and signature)."""
    earlier = provider.sign_in_at_provider(start(client), "known.lead")
    used_nonce = next(iter(client.session["oidc_states"].values()))["nonce"]
    assert client.get(earlier).status_code == 302  # signed in with it
    client.post(reverse("logout"))
    before = what_is_stored()
    callback = provider.sign_in_at_provider(start(client), "known.lead")
    provider.spoil_next_id_token(organisation_sign_in.issuer, claims={"nonce": used_nonce})
    refused(client.get(callback), "already been used")
    assert what_is_stored() == before and signed_in_user(client) is None


def test_a_disabled_user_is_refused(client, organisation_sign_in, known):
    User.objects.filter(pk=known.pk).update(is_active=False)
    before = what_is_stored()
    refused(sign_in(client, "known.lead"), "Your account here has been disabled")
    assert what_is_stored() == before and signed_in_user(client) is None


def test_a_disabled_user_linked_by_email_at_first_sign_in_is_refused(client, organisation_sign_in):
    UserFactory(username="pcastell", email="known.lead@northshire-icb.nhs.example", is_active=False)
    before = what_is_stored()
    refused(sign_in(client, "known.lead"), "Your account here has been disabled")
    assert what_is_stored() == before


def test_a_user_disabled_while_signed_in_is_signed_out(client, organisation_sign_in):
    sign_in(client, "new.starter")
    User.objects.filter(pk=signed_in_user(client).pk).update(is_active=False)
    assert client.get(reverse("proposals:mine")).status_code == 302


def test_a_sign_in_cancelled_at_the_provider_is_a_clear_page(client, organisation_sign_in):
    start(client)
    state = list(client.session["oidc_states"])[0]
    refused(client.get(reverse("accounts:organisation_callback"), {"error": "access_denied", "state": state}),
            "cancelled or refused")
    assert state not in client.session.get("oidc_states", {})  # and that state cannot be used again


def test_a_provider_that_cannot_be_reached_is_a_clear_page(client, organisation_sign_in, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9/tenant/v2.0"  # nothing listens there
    response = client.get(reverse("accounts:organisation_sign_in"))
    assert response.status_code == 503 and "could not reach your organisation" in response.content.decode()


# -- Roles from groups, held as data -------------------------------------------------------------------


def test_groups_give_body_memberships_and_take_them_away(client, organisation_sign_in, cast):
    mapping = GroupMembership.objects.create(group="grp-hsg-secretaries", body=cast.hsg, role=MembershipRole.SECRETARY,
                                             description="HSG secretaries")
    GroupMembership.objects.create(group="grp-not-theirs", body=cast.jcc, role=MembershipRole.MEMBER)
    sign_in(client, "hsg.secretary")
    user = signed_in_user(client)
    granted = user.memberships.get()
    assert (granted.body, granted.role, granted.from_group) == (cast.hsg, MembershipRole.SECRETARY, mapping)
    by_hand = Membership.objects.create(user=user, body=cast.icsmg, role=MembershipRole.MEMBER)
    # The group is renamed at the provider (as if they left it): at the next sign-in the role goes, not the other.
    GroupMembership.objects.filter(pk=mapping.pk).update(group="grp-hsg-secretaries-2025")
    client.post(reverse("logout"))
    sign_in(client, "hsg.secretary")
    assert list(user.memberships.all()) == [by_hand]


# -- Signing out, at the provider too ---------------------------------------------------------------------


def test_signing_out_signs_out_at_the_provider_too(client, organisation_sign_in):
    sign_in(client, "new.starter")
    user = signed_in_user(client)
    id_token = client.session["organisation_id_token"]
    response = client.post(reverse("logout"))
    query = parse_qs(urlsplit(response.url).query)
    assert response.url.startswith(f"{organisation_sign_in.issuer}/session/end?")
    assert query == {"client_id": [organisation_sign_in.client_id], "id_token_hint": [id_token],
                     "post_logout_redirect_uri": ["http://testserver/accounts/signed-out/"]}
    assert signed_in_user(client) is None
    assert SignInEvent.objects.filter(kind=SignInEvent.Kind.SIGNED_OUT, user=user).exists()
    assert "You have signed out" in client.get(reverse("accounts:signed_out")).content.decode()


def test_a_local_sign_in_signs_out_here_only(client, organisation_sign_in, cast):
    client.force_login(cast.author)
    assert client.post(reverse("logout")).url == reverse("login")


# -- The second factor, from the provider ------------------------------------------------------------------


def test_a_staff_sign_in_counts_as_two_factor_only_if_the_provider_says_so(client, organisation_sign_in, settings):
    staff = UserFactory(username="staff", email="known.lead@northshire-icb.nhs.example", is_staff=True)
    sign_in(client, "known.lead")  # a password alone at the provider
    assert signed_in_user(client) == staff
    assert client.get("/admin/").url.startswith(reverse("accounts:two_factor_setup"))
    client.post(reverse("logout"))
    sign_in(client, "known.lead", mfa=True)  # amr: ["pwd", "mfa"]
    assert client.get("/admin/").status_code == 200
    client.post(reverse("logout"))
    settings.OIDC_PROVIDER_ENFORCES_MFA = True  # the organisation's policy always asks for one
    sign_in(client, "known.lead")
    assert client.get("/admin/").status_code == 200
