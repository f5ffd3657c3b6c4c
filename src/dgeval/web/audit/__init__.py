"""审计日志 (audit) app of the campaign platform."""
