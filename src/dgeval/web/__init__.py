"""The campaign platform: a Django site for the yearly evaluation campaign.

Apps: common (what the apps share, under them all), accounts (users, roles), audit (append-only log), campaigns
(phases), targets (evaluated bodies and their channels), registration (county sign-up, 附件2), consultation (意见征集),
monitoring (系统监测), scores (leaf points and rankings), collection (人工采集) and foi (依申请公开).
They import each other one way (docs/architecture.md, "The platform's apps").
"""
