"""The campaign platform: a Django site for the yearly evaluation campaign (issue 5).

Apps: accounts (users, roles), audit (append-only log), campaigns (phases), targets (evaluated
bodies and their channels), registration (county sign-up, 附件2), consultation (意见征集),
monitoring and scores (W2), collection and foi (W3).
"""
