"""Demo accounts: one per team role (the webmasters come with their counties' registration)."""

from __future__ import annotations

from dgeval.web.accounts.services import user_create
from dgeval.web.common.demo import DemoContext

#: (username, password, role, display name). Passwords are printed: this is a loopback demo.
DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("admin", "demo-admin-2020", "admin", "评估组管理员"),
    ("evaluator", "demo-evaluator-2020", "evaluator", "评估员张敏"),
    ("evaluator2", "demo-evaluator2-2020", "evaluator", "评估员李强"),
    ("evaluator3", "demo-evaluator3-2020", "evaluator", "评估员赵雪"),
    ("expert", "demo-expert-2020", "expert", "专家王教授"),
    ("expert_gd", "demo-expert-2020", "expert", "专家陈研究员"),
    ("expert_sc", "demo-expert-2020", "expert", "专家刘教授"),
    ("expert_hb", "demo-expert-2020", "expert", "专家周教授"),
    ("nominator", "demo-nominator-2020", "nominator", "中国电子政务研究会"),
)
WEBMASTER_PASSWORD = "demo-webmaster-2020"


def seed(ctx: DemoContext) -> str:
    for username, password, role, display in DEMO_USERS:
        ctx.users[username] = user_create(username=username, password=password, role=role, display_name=display)
    return f"{len(DEMO_USERS)} 个"
