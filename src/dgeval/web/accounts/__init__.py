"""账户与角色 (accounts) app of the campaign platform."""
