"""
The shape of the code, checked: the rules that keep each rule in one place. The one-way layers
themselves are checked by import-linter (pyproject.toml), which the test command runs first.
"""

import ast
import re
from pathlib import Path

import pytest

from proposals.enums import ProposalState
from proposals.rules import available_actions, can_edit_proposal, can_withdraw_proposal
from proposals.stages import STAGE_OWNERS, column_headings

ROOT = Path(__file__).resolve().parent.parent
APPS = ("ics_commissioning", "accounts", "analytics", "procurement", "proposals", "scoring", "governance", "notifications", "public", "api", "demo")
S = ProposalState

# `proposal.state == "returned"`, `"draft" != p.state`, `state in "…"`: a template deciding from a
# state's name instead of asking the rules (available_actions) or the stage-owner table.
STATE_COMPARISON = re.compile(
    r"""\bstate\s*(==|!=)\s*["']|["'][a-z_]+["']\s*(==|!=)\s*[\w.]*state\b|\bstate\s+(not\s+)?in\s+["'(\[]"""
)


def python_files():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_no_template_compares_state_strings():
    offending = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in (ROOT / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if STATE_COMPARISON.search(line)
    ]
    assert not offending, "\n".join(offending)


def test_the_state_comparison_check_catches_what_it_should():
    assert STATE_COMPARISON.search('{% if proposal.state == "returned" %}')
    assert STATE_COMPARISON.search("{% if 'draft' != proposal.state %}")
    assert not STATE_COMPARISON.search('{% if "resubmit" in actions %}')
    assert not STATE_COMPARISON.search("{% if event.from_state != event.to_state %}")


def test_only_notifications_calls_notify():
    """Other apps send domain events; notifications decides who is told (notifications/receivers.py)."""
    callers = []
    for path in python_files():
        if path.relative_to(ROOT).parts[0] == "notifications":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "notifications.services" and any(
                alias.name == "notify" for alias in node.names
            ):
                callers.append(str(path.relative_to(ROOT)))
    assert not callers


def test_deferred_imports_say_why():
    """An import of our own code inside a function stays only where Django needs one (an app's
    ready()), with a comment saying why: the layers make every other import one-way."""
    silent = []
    for path in python_files():
        lines = path.read_text().splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)) and _ours(inner):
                        here, before = lines[inner.lineno - 1], lines[inner.lineno - 2]
                        if "#" not in here and not before.strip().startswith("#"):
                            silent.append(f"{path.relative_to(ROOT)}:{inner.lineno}: {here.strip()}")
    assert not silent, "\n".join(silent)


def _ours(node):
    module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
    return node.level > 0 if isinstance(node, ast.ImportFrom) and node.level else module.split(".")[0] in APPS


def test_the_stage_owner_table_covers_the_route_and_drives_the_board(db):
    assert set(S.ON_ROUTE) <= set(STAGE_OWNERS)
    assert list(column_headings()) == list(S.ON_ROUTE)
    assert not set(STAGE_OWNERS) & {S.APPROVED, S.REJECTED, S.WITHDRAWN}
    # Only the full case is both: its authors write it while its assessing body keeps it on its board.
    assert set(STAGE_OWNERS) & set(S.EDITABLE) == {S.FULL_CASE}


@pytest.mark.parametrize("state", list(S))
def test_available_actions_are_the_transitions_the_rules_allow(state, proposal_in, cast):
    """What a page offers is exactly what django-fsm would let each person do from this state."""
    proposal = proposal_in(state)
    for user in (cast.author, cast.clg_secretary, cast.icsmg_secretary, cast.admin, cast.member):
        allowed = {
            t.name for t in proposal.get_all_state_transitions()
            if t.source == proposal.state and t.has_perm(proposal, user)
        }
        actions = available_actions(proposal, user)
        assert allowed <= actions
        # The rules as written (a superuser's bypass of them is Django's, and is not offered as a button).
        assert ("withdraw" in actions) == can_withdraw_proposal(user, proposal)
        assert ("edit" in actions) == can_edit_proposal(user, proposal)
