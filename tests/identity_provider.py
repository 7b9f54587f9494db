"""
The organisation's identity provider in the tests: a real OpenID Connect provider (node-oidc-provider,
tests/oidc/provider.mjs) started on 127.0.0.1 for the test run, and the steps a person takes at it.
"""

import copy
import json
import re
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

SCRIPT = Path(__file__).parent / "oidc" / "provider.mjs"


@dataclass
class Client:
    issuer: str
    client_id: str
    client_secret: str


@contextmanager
def running():
    """Start the provider; yields its issuer URL."""
    process = subprocess.Popen(["node", str(SCRIPT)], cwd=SCRIPT.parents[2], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    try:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"The test identity provider did not start (exit status {process.wait()})")
        yield json.loads(line)["issuer"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def register(issuer, site_url):
    """Register the site with the provider, as an administrator registers it in Entra ID."""
    response = requests.post(f"{issuer}/reg", timeout=10, json={
        "redirect_uris": [f"{site_url}/accounts/organisation/callback/"],
        "post_logout_redirect_uris": [f"{site_url}/accounts/signed-out/"],
        "token_endpoint_auth_method": "client_secret_basic",
        "application_type": "web",
    })
    response.raise_for_status()
    body = response.json()
    return Client(issuer, body["client_id"], body["client_secret"])


def configure(settings, client):
    """The site's settings for signing in with this provider."""
    settings.OIDC_ISSUER = client.issuer
    settings.OIDC_RP_CLIENT_ID = client.client_id
    settings.OIDC_RP_CLIENT_SECRET = client.client_secret
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append("{0.scheme}://{0.netloc}".format(urlsplit(client.issuer)))
    settings.CONTENT_SECURITY_POLICY = policy


def sign_in_at_provider(authorize_url, username, *, password="password", mfa=False):
    """What the person does at the provider, from the site's redirect to it: sign in, and be sent back.
    Returns the URL of the site the provider sends the browser back to (with a code and the state)."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=False, timeout=10)
    while response.status_code in (302, 303) and "/interaction/" not in response.headers["Location"]:
        response = browser.get(urljoin(authorize_url, response.headers["Location"]), allow_redirects=False, timeout=10)
    login_page = urljoin(authorize_url, response.headers["Location"])
    form = browser.get(login_page, timeout=10).text
    action = urljoin(login_page, re.search(r'action="([^"]+)"', form).group(1))
    data = {"username": username, "password": password, **({"mfa": "1"} if mfa else {})}
    response = browser.post(action, data=data, allow_redirects=False, timeout=10)
    while response.status_code in (302, 303):
        location = urljoin(action, response.headers["Location"])
        if "/accounts/organisation/callback/" in location:
            return location
        response = browser.get(location, allow_redirects=False, timeout=10)
    raise AssertionError(f"The provider did not send the browser back: {response.status_code} {response.text[:300]}")


def spoil_next_id_token(issuer, *, claims=None, foreign_key=False):
    """Make the next ID token the provider issues bad: some claims changed, or signed with a key it does not publish."""
    requests.post(f"{issuer}/__test__/next-id-token", json={"claims": claims or {}, "foreign_key": foreign_key},
                  timeout=10).raise_for_status()
