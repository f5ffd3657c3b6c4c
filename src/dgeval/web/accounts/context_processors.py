"""Template context: the current user's role, so the nav shows only what the user may use."""

from django.http import HttpRequest

from dgeval.web.accounts.roles import Role, is_team, role_of


def role(request: HttpRequest) -> dict:
    """Expose `user_role` (Role or None), `is_team` and the `Role` choices to templates."""
    user = getattr(request, "user", None)
    return {"user_role": role_of(user), "is_team": is_team(user), "Role": Role}
