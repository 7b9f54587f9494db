"""
The one question every view, service, template tag, state machine transition and API view asks
about a permission: do the rules (each app's rules.py), as written, give this person this
permission on this object?

Not Django's user.has_perm: that answers yes to an active superuser for every permission before
any rule is read, so a permission that includes a state ("while it is in assessment") would not
hold for an admin. The rules name the admin (is_admin) wherever an admin may act, and hold them to
the same states as everyone else. The admin site keeps Django's own superuser powers.
"""

import rules


def can(user, permission, obj=None):
    return bool(user.is_active and rules.has_perm(permission, user, obj))
