from django.dispatch import Signal

# Sent after a sign-in with the organisation's account, with `user` and `claims` (the verified ID
# token's): governance grants the body memberships its group mapping gives (governance.receivers).
organisation_signed_in = Signal()
